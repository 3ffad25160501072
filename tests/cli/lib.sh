# lib.sh - sourced by the command-line tests of one subcommand
# (tests/diff/cli.sh, tests/export/cli.sh).  Needs $bin (pstat-view) and
# $cmd (the subcommand) set; gives:
#   $tmp              a fresh directory, removed on exit
#   fail MSG...       reports and counts a failure
#   run WANT ARG...   `$bin $cmd ARG...`, standard output in $tmp/out and
#                     error in $tmp/err; a failure unless it exits WANT
#                     without a sanitizer report
#   check_bad_file F  after a run on the unusable file F: one line on
#                     stderr naming F, nothing on stdout
#   finish            "$cmd cli: ok" and exit 0, or exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pv-cli.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
run() {
	want=$1
	shift
	"$bin" "$cmd" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq "$want" ] || { fail "$cmd $*: exit $rc, expected $want"; cat "$tmp/err"; }
	if grep -qE 'Sanitizer|runtime error' "$tmp/err"; then fail "$cmd $*: sanitizer report"; fi
}
check_bad_file() {
	[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$1: not one line on stderr"
	grep -q "^pstat-view: $1: " "$tmp/err" || fail "$1: the message does not name the file"
	[ -s "$tmp/out" ] && fail "$1: wrote to stdout"
}
finish() {
	[ $fails -eq 0 ] && echo "$cmd cli: ok"
	[ $fails -eq 0 ]
	exit
}
