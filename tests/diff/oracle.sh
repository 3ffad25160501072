#!/bin/sh
# oracle.sh BIN DIR: runs check_diff.py (Python 3.11's pstats) on every
# case of DIR/cases.txt.  Exit 77 (skipped) without python3.11.
bin=$1 dir=$2
py=$(command -v python3.11) || { echo "skip: python3.11 is not installed"; exit 77; }
fail=0
cd "$dir/data" || exit 1
grep -v '^#' ../cases.txt | while read -r name args; do
	[ -n "$name" ] || continue
	# check_diff.py runs text and json itself: drop --format
	set -- $(printf '%s\n' $args | sed '/^--format$/{N;d;}')
	if ! "$py" ../check_diff.py "$bin" "$@"; then
		echo "FAIL: $name"
		echo fail >>"${TMPDIR:-/tmp}/pv-diff-oracle.$$"
	fi
done
if [ -e "${TMPDIR:-/tmp}/pv-diff-oracle.$$" ]; then
	rm -f "${TMPDIR:-/tmp}/pv-diff-oracle.$$"
	exit 1
fi
exit $fail
