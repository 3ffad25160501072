#!/usr/bin/env bash
# bench/load_bench.sh [BIN]: times loading a large profile with pstat-view
# against Python's pstats.Stats, in the same run, and prints the ratios and
# both peak memories (issue 2's benchmark).
#
# The profiles are made by the project's own generator (bench/gen_profile.py,
# --seed 1) into $PV_BENCH_DIR (default /tmp/pv-bench), reused when present
# and never committed.  pstat-view runs `stats FILE -s none -l 0`: it loads,
# validates and prints only the header; Python runs pstats.Stats(FILE).
# Each case runs $PV_BENCH_RUNS times (default 3): the median wall time and
# the largest maximum RSS (/usr/bin/time) are printed as a Markdown table.
#
# Environment: PV_BENCH_DIR, PV_BENCH_RUNS, PV_BENCH_SIZES (default
# "100000 1000000"), PYTHON (default python3.11, else python3).
set -euo pipefail
name=load_bench runs_default=3
sizes=${PV_BENCH_SIZES:-"100000 1000000"}
. "$(dirname "$0")/lib.sh"
[[ -n $python ]] || { echo "load_bench: no python3 to compare with (set PYTHON)" >&2; exit 2; }
python=$("$python" -c 'import sys; print(sys.executable)')

echo "| functions | file | pstat-view load | Python pstats.Stats | speed-up | peak RSS pstat-view | peak RSS Python | memory ratio |"
echo "|---|---|---|---|---|---|---|---|"
for n in $sizes; do
	f=$dir/gen_${n}_s1.pstats
	[[ -f $f ]] || "$python" "$here/gen_profile.py" "$f" -n "$n" --seed 1 >/dev/null
	pv_t=() pv_m=0 py_t=() py_m=0
	for ((i = 0; i < runs; i++)); do
		time_run /dev/null "$bin" stats "$f" -s none -l 0
		pv_t+=("$t_wall"); ((t_kb > pv_m)) && pv_m=$t_kb
		time_run /dev/null "$python" -c 'import pstats, sys; pstats.Stats(sys.argv[1])' "$f"
		py_t+=("$t_wall"); ((t_kb > py_m)) && py_m=$t_kb
	done
	a=$(printf '%s\n' "${pv_t[@]}" | median)
	b=$(printf '%s\n' "${py_t[@]}" | median)
	awk -v n="$n" -v sz="$(stat -c %s "$f")" -v a="$a" -v b="$b" -v am="$pv_m" -v bm="$py_m" 'BEGIN {
		printf "| %d | %.0f MB | %.2f s | %.2f s | %.0fx | %.0f MiB | %.0f MiB | 1/%.1f |\n",
			n, sz / 1e6, a, b, (a > 0 ? b / a : 0), am / 1024, bm / 1024, (am > 0 ? bm / am : 0)
	}'
done
