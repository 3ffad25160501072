#!/usr/bin/env bash
# bench/stats_bench.sh [BIN]: times `pstat-view stats` against Python 3.11's
# pstats on large synthetic profiles, in the same run.
#
# Cases (issue 3): `--sortby tottime --limit 10` (print_stats) and
# `--sortby tottime --limit 10 --callers` (print_callers), on profiles of
# 100,000 and 1,000,000 functions (PV_BENCH_SIZES).  Python runs
#   pstats.Stats(F).sort_stats('tottime').print_stats(10)  (or print_callers)
# with its output to /dev/null, like pstat-view's.
#
# Profiles are made by shared/tools/gen_synthetic.py (--seed 1) into
# $PV_BENCH_DIR (default /tmp/pv-bench), reused when present, never
# committed.  Each case runs $PV_BENCH_RUNS times (default 3); the median
# wall time and the largest maximum RSS (/usr/bin/time -v) are printed as a
# Markdown table with the ratios Python/pstat-view.
#
# Environment: PV_BENCH_DIR, PV_BENCH_RUNS, PV_BENCH_SIZES, PV_SHARED
# (default ../shared beside the source tree), PYTHON (default python3.11).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
bin=${1:-$src/build/pstat-view}
shared=${PV_SHARED:-$(dirname "$src")/shared}
dir=${PV_BENCH_DIR:-/tmp/pv-bench}
runs=${PV_BENCH_RUNS:-3}
sizes=${PV_BENCH_SIZES:-"100000 1000000"}
python=${PYTHON:-$(command -v python3.11 || true)}
gen=$shared/tools/gen_synthetic.py

[[ -x $bin ]] || { echo "stats_bench: no binary at $bin (build first, or pass BIN)" >&2; exit 2; }
[[ -f $gen ]] || { echo "stats_bench: $gen not found (set PV_SHARED)" >&2; exit 2; }
[[ -n $python ]] || { echo "stats_bench: python3.11 not found (set PYTHON)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "stats_bench: /usr/bin/time not found (apt-get install time)" >&2; exit 2; }
mkdir -p "$dir"
# the interpreter itself, not a pyenv shim (which would add its start-up)
python=$("$python" -c 'import sys; print(sys.executable)')
log=$(mktemp "${TMPDIR:-/tmp}/stats_bench.XXXXXX")
trap 'rm -f "$log"' EXIT

# one measurement: prints "SECONDS KB"
measure() {
    /usr/bin/time -v -o "$log" "$@" >/dev/null
    local wall kb
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log")
    kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
    # m:ss.ss or h:mm:ss
    awk -v t="$wall" -v kb="$kb" 'BEGIN { n = split(t, a, ":"); s = 0;
        for (i = 1; i <= n; i++) s = s * 60 + a[i]; printf "%.3f %d\n", s, kb }'
}

# median time and max RSS over $runs runs: prints "SECONDS KB"
bench() {
    local i out times="" maxkb=0
    for ((i = 0; i < runs; i++)); do
        out=$(measure "$@")
        times="$times ${out% *}"
        (( ${out#* } > maxkb )) && maxkb=${out#* }
    done
    printf '%s\n' $times | sort -n | awk -v kb=$maxkb '{ a[NR] = $1 }
        END { printf "%s %d\n", a[int((NR + 1) / 2)], kb }'
}

pyscript='import pstats, sys
st = pstats.Stats(sys.argv[1], stream=open("/dev/null", "w"))
st.sort_stats("tottime")
getattr(st, sys.argv[2])(10)'

echo "pstat-view: $("$bin" --version)  python: $("$python" --version 2>&1)  runs: $runs"
echo "machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d)"
echo
echo "| functions | case | pstat-view s | Python s | speed-up | pstat-view MB | Python MB | memory ratio |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|"
for n in $sizes; do
    f=$dir/syn_${n}_s1.pstats
    if [[ ! -f $f ]]; then
        echo "generating $f ..." >&2
        "$python" "$gen" "$f" -n "$n" --seed 1 >&2
    fi
    for mode in print_stats print_callers; do
        extra=()
        [[ $mode == print_callers ]] && extra=(--callers)
        read -r pt pk < <(bench "$bin" stats --sortby tottime --limit 10 "${extra[@]}" "$f")
        read -r yt yk < <(bench "$python" -c "$pyscript" "$f" "$mode")
        awk -v n="$n" -v m="$mode" -v pt="$pt" -v pk="$pk" -v yt="$yt" -v yk="$yk" 'BEGIN {
            printf "| %d | %s | %.3f | %.3f | %.1fx | %.1f | %.1f | %.1f%% |\n",
                n, m, pt, yt, (pt > 0 ? yt / pt : 0), pk / 1024, yk / 1024,
                (yk > 0 ? 100 * pk / yk : 0) }'
    done
done
