#!/bin/sh
# check.sh BIN CASE DATA_DIR EXPECT_DIR WORK_DIR: one check of `pstat-view
# export` on every DATA_DIR/*.pstats.  Exit 0 pass, 1 fail, 77 skipped.
#
#   callgrind  callgrind_annotate (Debian's valgrind) reads the file without
#              a warning; its PROGRAM TOTALS is the "total" of
#              EXPECT_DIR/NAME.expect (from Python's pstats, gen_expect.py)
#              within 1 us per function, and its three top functions are the
#              expected ones, in order
#   collapsed  every line is "FRAME;...;FRAME COUNT"; the counts add up to
#              the expected total within 1 us (at least the total for
#              profile-module files, whose roots overlap; the unit test checks
#              the sum against the call tree's root time exactly)
#   json       the output parses (python3's json, skipped without it) and
#              has one entry per function and edge
bin=$1 case=$2 data=$3 expect=$4 work=$5
mkdir -p "$work" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
case $case in
callgrind)
	command -v callgrind_annotate >/dev/null ||
		{ echo "skip: callgrind_annotate (valgrind) is not installed"; exit 77; }
	for f in "$data"/*.pstats; do
		n=$(basename "$f" .pstats)
		out=$work/$n.callgrind
		"$bin" export --format callgrind "$f" -o "$out" || { fail "$n: export failed"; continue; }
		callgrind_annotate --auto=no "$out" >"$work/$n.annotate" 2>"$work/$n.warn" ||
			fail "$n: callgrind_annotate failed"
		[ -s "$work/$n.warn" ] && { fail "$n: callgrind_annotate warned:"; head -n 3 "$work/$n.warn"; }
		total=$(sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' "$work/$n.annotate" | tr -d ,)
		want=$(sed -n 's/^total //p' "$expect/$n.expect")
		nf=$(grep -c '^fn=' "$out")
		if [ -z "$total" ] || [ $((total > want ? total - want : want - total)) -gt "$nf" ]; then
			fail "$n: callgrind_annotate total '$total', expected $want"
		fi
		sed -n '/file:function/,/^$/s/^ *[0-9,]* *([ 0-9.]*%) *//p' "$work/$n.annotate" |
			head -n 3 >"$work/$n.top"
		sed -n 's/^top //p' "$expect/$n.expect" >"$work/$n.wanttop"
		cmp -s "$work/$n.top" "$work/$n.wanttop" ||
			{ fail "$n: top functions differ:"; diff "$work/$n.wanttop" "$work/$n.top"; }
	done
	;;
collapsed)
	for f in "$data"/*.pstats; do
		n=$(basename "$f" .pstats)
		out=$work/$n.folded
		"$bin" export --format collapsed "$f" -o "$out" || { fail "$n: export failed"; continue; }
		bad=$(grep -cvE '^[^;]+(;[^;]+)* [0-9]+$' "$out")
		[ "$bad" -eq 0 ] || fail "$n: $bad lines are not 'a;b;c COUNT'"
		sum=$(awk '{ s += $NF } END { printf "%d", s }' "$out")
		want=$(sed -n 's/^total //p' "$expect/$n.expect")
		# profile-module files (*_profile): edge times are estimated from call
		# counts, and recursive functions become extra roots that overlap the
		# main one; the root time is then more than the total (never less)
		case $n in
		*_profile) [ "$sum" -ge $((want - 1)) ] ||
			fail "$n: the counts add up to $sum, less than the total $want" ;;
		*) [ $((sum > want ? sum - want : want - sum)) -le 1 ] ||
			fail "$n: the counts add up to $sum, expected $want" ;;
		esac
	done
	;;
json)
	py=$(command -v python3) || { echo "skip: python3 is not installed"; exit 77; }
	for f in "$data"/*.pstats; do
		n=$(basename "$f" .pstats)
		"$bin" export --format json "$f" -o "$work/$n.json" || { fail "$n: export failed"; continue; }
		"$py" - "$work/$n.json" <<'PY' || fail "$n: json does not parse or is incomplete"
import json, sys
d = json.load(open(sys.argv[1]))
t = d['totals']
assert d['format'] == 'pstat-view-profile' and d['version'] == 1
assert len(d['functions']) == t['keys'] and len(d['edges']) == t['edges']
assert sum(1 for f in d['functions'] if f['stats']) == t['functions']
assert all(0 <= e['caller'] < t['keys'] and 0 <= e['callee'] < t['keys'] for e in d['edges'])
PY
	done
	;;
*)
	echo "check.sh: unknown case $case" >&2
	exit 2
	;;
esac
[ $fails -eq 0 ] && echo "$case: ok"
[ $fails -eq 0 ]
