#!/bin/sh
# cli.sh BIN CMD DATA: exit statuses and messages of `pstat-view CMD`
# (flame or export): usage errors exit 2, unreadable files exit 1 with one
# line "pstat-view: FILE: ...", -o FILE writes the file and nothing else,
# byte for byte what standard output gets (every format, every file).
bin=$1 cmd=$2 data=$3
. "$(dirname "$0")/../cli/lib.sh"
f=$(ls "$data"/*.pstats | head -n 1)
if [ "$cmd" = export ]; then
	ok="--format json"
	run 2 "$f"
	run 2 --format svg "$f"
	run 2 --format
else
	ok=""
	run 2 --orientation sideways "$f"
	run 2 --min-width 0 "$f"
	run 2 --min-width abc "$f"
	run 2 --width 10 "$f"
	run 2 --title
fi
run 2 $ok
grep -q "^pstat-view $cmd: " "$tmp/err" || fail "usage error message"
[ -s "$tmp/out" ] && fail "usage error wrote to stdout"
run 2 $ok --nosuch "$f"
printf 'junk' >"$tmp/bad.pstats"
run 1 $ok "$tmp/bad.pstats"
check_bad_file "$tmp/bad.pstats"
if [ "$cmd" = export ]; then formats="collapsed callgrind json"; else formats=svg; fi
for f in "$data"/*.pstats; do
	for fmt in $formats; do
		opt=
		[ "$cmd" = export ] && opt="--format $fmt"
		rm -f "$tmp/o"
		run 0 $opt "$f" -o "$tmp/o"
		[ -s "$tmp/o" ] && [ ! -s "$tmp/out" ] || fail "$fmt $f: -o did not write the file (only)"
		run 0 $opt "$f"
		[ -s "$tmp/out" ] && cmp "$tmp/o" "$tmp/out" ||
			fail "$fmt $f: -o wrote other bytes than standard output gets"
	done
done
if [ "$cmd" = export ]; then
	# folded is another name of collapsed: the same bytes, for every file
	for f in "$data"/*.pstats; do
		run 0 --format collapsed "$f"
		mv "$tmp/out" "$tmp/collapsed"
		run 0 --format folded "$f"
		[ -s "$tmp/out" ] && cmp -s "$tmp/collapsed" "$tmp/out" ||
			fail "$f: --format folded wrote other bytes than --format collapsed"
	done
	# the help names the alias and the unit to give the readers
	"$bin" export --help >"$tmp/help"
	grep -q 'also --format folded' "$tmp/help" || fail "--help does not name 'folded'"
	grep -q -- '--countname us' "$tmp/help" || fail "--help does not name the unit"
fi
run 1 $ok "$f" -o "$tmp/no/such/dir/o"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "unwritable output: not one line on stderr"
finish
