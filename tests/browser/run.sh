#!/usr/bin/env bash
# Runs the search tests (unit, built index, headless Chromium) after installing what they need:
# Debian's Chromium (never a downloaded browser), Node if absent, and puppeteer-core from npm.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "run.sh: installing ${need_apt[*]} with apt-get" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ ! -f "$here/node_modules/puppeteer-core/package.json" ]; then
  echo "run.sh: installing the npm dev dependencies in tests/browser" >&2
  (cd "$here" && { npm ci --no-audit --no-fund --loglevel=error || npm install --no-audit --no-fund --loglevel=error; })
fi

# The tests build sites with the release binary.
(cd "$repo" && cargo build --release --quiet)

cd "$repo"
exec node --test tests/browser/
