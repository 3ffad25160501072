# bench/lib.sh: sourced by the bench scripts (load_bench.sh, stats_bench.sh,
# dot_bench.sh) after `set -euo pipefail`, with `name` (for messages) and
# `runs_default` set; takes BIN from the script's "$1".  Sets here, src,
# bin, dir ($PV_BENCH_DIR, default /tmp/pv-bench), runs ($PV_BENCH_RUNS),
# shared ($PV_SHARED, default ../shared beside the source tree), gen (its
# gen_synthetic.py) and python ($PYTHON, default python3.11, else python3,
# unless the script set it first); checks the binary and /usr/bin/time.
#
#   profile N          path of the N-function synthetic profile
#                      (gen_synthetic.py --seed 1), generated once
#   time_run OUT CMD...  one run of CMD, its output to OUT; sets t_wall
#                      (seconds) and t_kb (maximum RSS); a failure ends
#                      the script with CMD's error output
#   repeat OUT CMD...  CMD $runs times; sets r_median, r_min, r_max
#                      (seconds) and r_kb (the largest maximum RSS)
#   median             the median of the numbers on stdin
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
bin=${1:-$src/build/pstat-view}
dir=${PV_BENCH_DIR:-/tmp/pv-bench}
runs=${PV_BENCH_RUNS:-$runs_default}
shared=${PV_SHARED:-$(dirname "$src")/shared}
gen=$shared/tools/gen_synthetic.py
python=${python-${PYTHON:-$(command -v python3.11 || command -v python3 || true)}}
[[ -x $bin ]] || { echo "$name: no binary at $bin (build first, or pass BIN)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "$name: /usr/bin/time not found (apt-get install time)" >&2; exit 2; }
mkdir -p "$dir"

profile() {
	local f=$dir/syn_$1_s1.pstats
	if [[ ! -s $f ]]; then
		echo "generating $f ..." >&2
		"$python" "$gen" "$f.tmp" -n "$1" --seed 1 >&2
		mv "$f.tmp" "$f"
	fi
	printf '%s\n' "$f"
}

time_run() {
	local out=$1
	shift
	/usr/bin/time -f '%e %M' -o "$dir/time.out" "$@" >"$out" 2>"$dir/err.out" || {
		echo "$name: '$*' failed:" >&2
		cat "$dir/err.out" >&2
		exit 1
	}
	read -r t_wall t_kb <"$dir/time.out"
}

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

repeat() {
	local out=$1 i walls=()
	shift
	r_kb=0
	for ((i = 0; i < runs; i++)); do
		time_run "$out" "$@"
		walls+=("$t_wall")
		if ((t_kb > r_kb)); then r_kb=$t_kb; fi
	done
	r_median=$(printf '%s\n' "${walls[@]}" | median)
	r_min=$(printf '%s\n' "${walls[@]}" | sort -g | head -n 1)
	r_max=$(printf '%s\n' "${walls[@]}" | sort -g | tail -n 1)
}
