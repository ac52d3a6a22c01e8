#!/usr/bin/env bash
# Pathological inputs: time per repetition must stay flat from 10,000 to 100,000 repetitions, and no
# input may take more than a second at 100,000 (issue 19, D4).
#
#   bash benches/pathological.sh                 # every case at 10,000 and 100,000 (a few minutes)
#   CASES="headings links_line" NS="1000 10000" bash benches/pathological.sh
#
# Each case appends a generated block to one page in both languages (so translation parity holds)
# of a scratch copy of a site, and times one `atlas build` (or `atlas check` for inputs that are
# errors) of the whole site with GNU time. The site is the test fixture `tests/fixtures/basic` (the
# page `models/gpt`), so what is timed is the pathological input; `SITE=real` uses this
# repository's site instead (the page `models/gpt-4`). Each case is timed at N = 1 too: "per
# repetition" is (t(N) - t(1)) / (N - 1).
#
# Environment: CASES, NS (sizes), RUNS (runs per measurement, the median is kept; default 3),
# SITE (basic or real; default basic), LIMIT (seconds before a run is killed; default 120),
# WORK (scratch; default /tmp/atlas-patho.PID), MAX_PAGE_BYTES (written into the scratch site.toml: the
# default limit of 1 MiB turns the largest inputs into an error; raise it to time the engine on them).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
NS=${NS:-"10000 100000"}
RUNS=${RUNS:-3}
SITE_KIND=${SITE:-basic}
LIMIT=${LIMIT:-120}
WORK=${WORK:-/tmp/atlas-patho.$$}
CASES=${CASES:-"headings links_line links_paragraph unknown_links_paragraph unknown_links_lines quotes list_items raw_html footnotes table_rows numbers"}

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

log "building atlas (release)"
(cd "$REPO" && cargo build --release --quiet --bin atlas) >&2
mkdir -p "$WORK/bin"
T=$(cd "$REPO" && realpath -m "${CARGO_TARGET_DIR:-target}")
cp "$T/release/atlas" "$WORK/bin/atlas"
ATLAS=$WORK/bin/atlas
trap 'rm -rf "$WORK"' EXIT

case "$SITE_KIND" in
  basic) PAGE=content/models/gpt; TARGET=openai ;;
  real) PAGE=content/models/gpt-4; TARGET=gpt-3 ;;
  *) echo "SITE is basic or real" >&2; exit 2 ;;
esac

# The block a case appends, with N repetitions; links point at the page TARGET.
block() {
  python3 - "$1" "$2" "$TARGET" <<'PY'
import sys
case, n, target = sys.argv[1], int(sys.argv[2]), sys.argv[3]
out = sys.stdout
if case == "headings":                  # identical headings: id de-duplication
    out.write("## Same\n" * n)
elif case == "links_line":              # adjacent links on one line: backlink contexts
    out.write(f"[[{target}]]" * n + "\n")
elif case == "links_paragraph":         # links in one paragraph
    out.write(f"[[{target}]] " * n + "\n")
elif case == "unknown_links_paragraph": # errors in one paragraph: positions, error caps
    out.write(" ".join(f"[[nope-{i}]]" for i in range(n)) + "\n")
elif case == "unknown_links_lines":     # errors one per line
    out.write("".join(f"[[nope-{i}]]\n\n" for i in range(n)))
elif case == "quotes":                  # nested block quotes
    out.write(">" * n + " deep\n")
elif case == "list_items":              # list items, each with a link
    out.write("".join(f"- [[{target}]]\n" for _ in range(n)))
elif case == "raw_html":                # raw HTML, escaped with a warning each
    out.write("<b onclick=x>bold</b> " * n + "\n")
elif case == "footnotes":               # footnote references and definitions
    out.write("".join(f"Note[^{i}].\n\n[^{i}]: Text {i}.\n\n" for i in range(n)))
elif case == "table_rows":              # one table, a link per row
    out.write("| a | b |\n|---|---|\n" + f"| [[{target}]] | x |\n" * n)
elif case == "numbers":                 # numbers in one paragraph: the numbers-parity check
    out.write("".join(f"《{i} {i} 亿、{i}.5%、{i} million, 2023年{i % 12 + 1}月或 hundreds of billions 1.3.{i} " for i in range(n)) + "\n")
else:
    sys.exit(f"unknown case {case}")
PY
}

# Cases whose input is an error: timed with `check` (a failed build writes nothing either way).
command_for() {
  case "$1" in
    unknown_links_*) echo check ;;
    *) echo build ;;
  esac
}

fresh_site() {
  local dir=$1
  rm -rf "$dir"
  mkdir -p "$dir"
  if [ "$SITE_KIND" = real ]; then
    cp -r "$REPO/site.toml" "$REPO/content" "$REPO/themes" "$dir/"
  else
    cp -r "$REPO/tests/fixtures/basic/." "$dir/"
    cp -r "$REPO/themes" "$dir/"
  fi
  if [ -n "${MAX_PAGE_BYTES:-}" ]; then
    { echo "max_page_bytes = $MAX_PAGE_BYTES"; cat "$dir/site.toml"; } > "$dir/site.toml.new"
    mv "$dir/site.toml.new" "$dir/site.toml"
  fi
}

# Prints "wall_seconds cpu_seconds max_rss_kb exit_code" of one run (CPU = user + sys).
timed() {
  local dir=$1 cmd=$2
  local args=(--root "$dir" "$cmd")
  [ "$cmd" = build ] && args+=(--out "$dir/out")
  local status=0
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" timeout -s KILL "$LIMIT" "$ATLAS" "${args[@]}" \
    >/dev/null 2>"$WORK/stderr" || status=$?
  rm -rf "$dir/out"
  echo "$(tail -1 "$WORK/time" | awk '{print $1, $2 + $3, $4}') $status"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# The median wall and CPU time of RUNS runs, the last peak RSS and exit code.
measure() {
  local dir=$1 cmd=$2
  local walls=() cpus=() rss=0 status=0
  for _ in $(seq "$RUNS"); do
    read -r w c m s < <(timed "$dir" "$cmd")
    walls+=("$w"); cpus+=("$c"); rss=$m; status=$s
  done
  echo "$(printf '%s\n' "${walls[@]}" | median) $(printf '%s\n' "${cpus[@]}" | median) $rss $status"
}

SITE=$WORK/site
fresh_site "$SITE"
read -r base_wall base_cpu base_rss _ < <(measure "$SITE" build)
log "the site alone: build ${base_wall}s wall, ${base_cpu}s CPU (${base_rss} KB)"

# Each case is also timed at N = 1: "per repetition" is (t(N) - t(1)) / (N - 1), the cost of the
# repetitions alone, whatever the rest of the site costs on the machine at the time.
echo "| case | N | command | exit | wall (s) | CPU (s) | peak RSS (MB) | wall t(N) - t(1) (s) | CPU t(N) - t(1) (s) | CPU per repetition (µs) |"
echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|"
echo "| the site alone | – | build | 0 | $base_wall | $base_cpu | $((base_rss / 1024)) | – | – | – |"
for case in $CASES; do
  cmd=$(command_for "$case")
  base_w=
  for n in 1 $NS; do
    fresh_site "$SITE"
    for lang in en zh; do
      printf '\n\n' >> "$SITE/$PAGE/$lang.md"
      block "$case" "$n" >> "$SITE/$PAGE/$lang.md"
    done
    read -r w c rss status < <(measure "$SITE" "$cmd")
    log "$case N=$n: ${w}s wall, ${c}s CPU, exit $status ($(head -1 "$WORK/stderr" | head -c 160))"
    if [ -z "$base_w" ]; then
      base_w=$w base_c=$c
      continue
    fi
    extra_w=$(awk -v t="$w" -v b="$base_w" 'BEGIN {printf "%.2f", t - b}')
    extra_c=$(awk -v t="$c" -v b="$base_c" 'BEGIN {printf "%.2f", t - b}')
    per=$(awk -v t="$c" -v b="$base_c" -v n="$n" 'BEGIN {printf "%.2f", (t - b) / (n - 1) * 1e6}')
    [ "$status" = 137 ] && per="killed after ${LIMIT}s"
    echo "| $case | $n | $cmd | $status | $w | $c | $((rss / 1024)) | $extra_w | $extra_c | $per |"
  done
done
