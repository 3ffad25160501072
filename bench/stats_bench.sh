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

name=stats_bench runs_default=3
sizes=${PV_BENCH_SIZES:-"100000 1000000"}
python=${PYTHON:-$(command -v python3.11 || true)}
. "$(dirname "$0")/lib.sh"
[[ -f $gen ]] || { echo "stats_bench: $gen not found (set PV_SHARED)" >&2; exit 2; }
[[ -n $python ]] || { echo "stats_bench: python3.11 not found (set PYTHON)" >&2; exit 2; }
# the interpreter itself, not a pyenv shim (which would add its start-up)
python=$("$python" -c 'import sys; print(sys.executable)')

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
    f=$(profile "$n")
    for mode in print_stats print_callers; do
        extra=()
        [[ $mode == print_callers ]] && extra=(--callers)
        repeat /dev/null "$bin" stats --sortby tottime --limit 10 "${extra[@]}" "$f"
        pt=$r_median pk=$r_kb
        repeat /dev/null "$python" -c "$pyscript" "$f" "$mode"
        yt=$r_median yk=$r_kb
        awk -v n="$n" -v m="$mode" -v pt="$pt" -v pk="$pk" -v yt="$yt" -v yk="$yk" 'BEGIN {
            printf "| %d | %s | %.3f | %.3f | %.1fx | %.1f | %.1f | %.1f%% |\n",
                n, m, pt, yt, (pt > 0 ? yt / pt : 0), pk / 1024, yk / 1024,
                (yk > 0 ? 100 * pk / yk : 0) }'
    done
done
