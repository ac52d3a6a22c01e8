#!/usr/bin/env bash
# Runs the browser tests (search unit and index tests, the search UI, every template of the real site
# with axe-core, the W3C Nu HTML checker over the whole site) after installing what they need: Debian's
# Chromium (never a downloaded browser), Java for vnu.jar, Node if absent, and the npm dev dependencies
# (puppeteer-core, axe-core, vnu-jar). Exits non-zero when any test fails.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "run.sh: installing ${need_apt[*]} with apt-get" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# --ignore-scripts: vnu-jar's postinstall would try to download a Java runtime; it uses the system's.
if [ ! -f "$here/node_modules/puppeteer-core/package.json" ] ||
  [ ! -f "$here/node_modules/axe-core/axe.min.js" ] ||
  [ ! -f "$here/node_modules/vnu-jar/build/dist/vnu.jar" ]; then
  echo "run.sh: installing the npm dev dependencies in tests/browser" >&2
  (cd "$here" && { npm ci --ignore-scripts --no-audit --no-fund --loglevel=error ||
    npm install --ignore-scripts --no-audit --no-fund --loglevel=error; })
fi

# The tests build sites with the release binary.
(cd "$repo" && cargo build --release --quiet)

cd "$repo"
exec node --test tests/browser/
