# scripts/lib.sh - helpers shared by scripts/setup, scripts/demo and
# scripts/test.  Sourced, not run; the sourcing script sets PV_SCRIPT (its
# name, the prefix of every line it prints) first.
#
# Every step prints one line, "NAME: what ... ok (N s)".  A step's own output
# goes to a log that is shown (its end) only when the step fails.

PV_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PV_JOBS=${PV_JOBS:-2}      # at most 2: the machines have 2 cores

pv_say() { printf '%s: %s\n' "$PV_SCRIPT" "$*"; }

pv_die() {
	printf '%s: error: %s\n' "$PV_SCRIPT" "$*" >&2
	exit 1
}

# pv_step WHAT CMD...: runs CMD (stdin closed, output to a log), prints
# "WHAT ... ok (N s)".  On failure prints the command, the last lines of its
# output and where the full log is, and returns 1.
pv_step() {
	local what=$1 log rc start
	shift
	log=$(mktemp "${TMPDIR:-/tmp}/pstat-view-$PV_SCRIPT.XXXXXX.log") ||
		pv_die "cannot create a temporary file in ${TMPDIR:-/tmp}"
	printf '%s: %s ... ' "$PV_SCRIPT" "$what"
	start=$SECONDS
	"$@" >"$log" 2>&1 </dev/null && {
		printf 'ok (%d s)\n' $((SECONDS - start))
		rm -f "$log"
		return 0
	}
	rc=$?
	printf 'FAILED (exit %d)\n' "$rc"
	{
		printf '%s: FAILED: %s\n' "$PV_SCRIPT" "$what"
		printf '%s: command: %s\n' "$PV_SCRIPT" "$*"
		printf '%s: last 100 lines of its output (all of it is in %s):\n' "$PV_SCRIPT" "$log"
		tail -n 100 "$log" | sed 's/^/  | /'
	} >&2
	return 1
}

# pv_build DIR CMAKE_ARGS...: configures and builds $PV_ROOT/DIR.  Returns 1
# (after pv_step's report) if either step fails.
pv_build() {
	local dir=$1
	shift
	command -v cmake >/dev/null || pv_die "cmake is not installed (run scripts/setup as root)"
	pv_step "configure $dir/ ($*)" cmake -S "$PV_ROOT" -B "$PV_ROOT/$dir" "$@" || return 1
	pv_step "build $dir/ (-j$PV_JOBS)" cmake --build "$PV_ROOT/$dir" -j "$PV_JOBS" || return 1
}
