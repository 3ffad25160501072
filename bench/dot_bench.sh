#!/usr/bin/env bash
# bench/dot_bench.sh [BIN]: times `pstat-view dot` on large synthetic profiles.
#
#   default thresholds on 100,000 and 1,000,000 functions, and -n0 -e0 (every
#   node and edge) on 30,000 functions; DOT text to /dev/null, and the
#   default 100,000 graph rendered to SVG through libgvc.
#
# Profiles are made by shared/tools/gen_synthetic.py (--seed 1) into
# $PV_BENCH_DIR (default /tmp/pv-bench), reused when present, never
# committed: the 1,000,000-function one takes about 22 s and 1.3 GB of
# memory to generate, and 99 MB on disk.  Each case runs $PV_BENCH_RUNS
# times (default 5); the median wall time and the largest maximum RSS
# (/usr/bin/time -v) are printed as a Markdown table.  gprof2dot is timed
# too when it is on PATH.
#
# Environment: PV_BENCH_DIR, PV_BENCH_RUNS, PV_SHARED (default ../shared
# beside the source tree), PYTHON (default python3.11, else python3).
set -euo pipefail

name=dot_bench runs_default=5
. "$(dirname "$0")/lib.sh"
[[ -f $gen ]] || { echo "dot_bench: $gen not found (set PV_SHARED)" >&2; exit 2; }

# measure LABEL OUTFILE CMD...: runs CMD $runs times; prints a table row
measure() {
	local label=$1 out=$2
	shift 2
	repeat "$out" "$@"
	printf '| %s | %d | %.2f s (%s..%s) | %.0f MiB | %s |\n' "$label" "$runs" "$r_median" \
		"$r_min" "$r_max" "$(echo "$r_kb / 1024" | bc -l)" \
		"$(numfmt --to=iec "$(stat -c %s "$out")")B"
}

p100k=$(profile 100000)
p1m=$(profile 1000000)
p30k=$(profile 30000)

echo
echo "pstat-view $("$bin" --version | awk '{ print $2 }'), $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
echo "| case | runs | wall, median (min..max) | max RSS | output |"
echo "|---|---|---|---|---|"
measure "dot, 100k functions, defaults" "$dir/out100k.dot" "$bin" dot "$p100k"
measure "dot, 1M functions, defaults" "$dir/out1m.dot" "$bin" dot "$p1m"
measure "dot, 30k functions, -n0 -e0" "$dir/out30k.dot" "$bin" dot -n0 -e0 "$p30k"
measure "dot -T svg, 100k functions, defaults" "$dir/out100k.svg" "$bin" dot -T svg "$p100k"
measure "stats (load only, for the split), 1M functions" "$dir/stats1m.txt" \
	"$bin" stats --sortby none --limit 0 "$p1m"
for f in 100k 1m 30k; do
	printf 'graph %s: %s nodes, %s edges\n' "$f" \
		"$(grep -c ' \[color=' "$dir/out$f.dot")" "$(grep -c ' -> ' "$dir/out$f.dot")"
done
if command -v gprof2dot >/dev/null; then
	echo
	echo "| gprof2dot | runs | wall | max RSS | output |"
	echo "|---|---|---|---|---|"
	measure "gprof2dot, 100k functions" "$dir/g100k.dot" gprof2dot -f pstats "$p100k"
	measure "gprof2dot, 1M functions" "$dir/g1m.dot" gprof2dot -f pstats "$p1m"
	measure "gprof2dot, 30k functions, -n0 -e0" "$dir/g30k.dot" gprof2dot -f pstats -n0 -e0 "$p30k"
else
	echo
	echo "gprof2dot is not installed: not compared"
fi
