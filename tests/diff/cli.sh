#!/bin/sh
# cli.sh BIN DATA: exit statuses and messages of `pstat-view diff`.
bin=$1 data=$2
cmd=diff
. "$(dirname "$0")/../cli/lib.sh"
a=$data/py311_recursion.pstats b=$data/py312_recursion.pstats
run 0 "$a" "$b"
[ -s "$tmp/out" ] || fail "no output"
run 2 "$a"
grep -q '^pstat-view diff: ' "$tmp/err" || fail "usage error message"
[ -s "$tmp/out" ] && fail "usage error wrote to stdout"
run 2 "$a" "$b" "$a"
run 2 "$a" "$b" --sortby nosuch
run 2 "$a" "$b" --limit -3
run 2 "$a" "$b" --limit 1.5
run 2 "$a" "$b" --match lines
run 2 "$a" "$b" --format xml
run 2 "$a" "$b" --nosuch
printf 'not a profile' >"$tmp/bad.pstats"
run 1 "$a" "$tmp/bad.pstats"
check_bad_file "$tmp/bad.pstats"
run 1 "$tmp/missing.pstats" "$b"
grep -q "^pstat-view: $tmp/missing.pstats: " "$tmp/err" || fail "missing file message"
# -o writes the file, nothing on stdout: what stdout gets, byte for byte
run 0 "$a" "$b" -o "$tmp/d.txt"
[ -s "$tmp/d.txt" ] && [ ! -s "$tmp/out" ] || fail "-o"
run 0 "$a" "$b"
cmp "$tmp/d.txt" "$tmp/out" || fail "-o wrote other bytes than standard output gets"
# a profile against itself: every delta zero
run 0 "$a" "$a" --format csv
awk -F, 'NR > 1 && ($8 != "0" || $12 != "0" || $16 != "0") { bad = 1 } END { exit bad }' "$tmp/out" ||
	fail "self diff has non-zero deltas"
# --fail-if: the CI gate on the regression pair (make_gate_pair.py): query
# 120 -> 161 ms, helper 10 -> 11 calls, render only in NEW
gb=$data/gate_base.pstats gn=$data/gate_new.pstats
rule='cumtime(^myapp/) > +15% and > +20ms'
run 1 "$gb" "$gn" --fail-if "$rule" --fail-if 'tottime > +1s'
grep -q '^  .*myapp/db.py:6(query)$' "$tmp/out" || fail "gate: the report is not on stdout"
grep -qx "fail-if '$rule': myapp/db.py:6(query) 0.120 s -> 0.161 s (+33.9%, +41 ms)" "$tmp/err" ||
	fail "gate: no line for query"
grep -qx "fail-if '$rule': myapp/report.py:3(render) absent -> 0.030 s (new, +30 ms)" "$tmp/err" ||
	fail "gate: no line for the new function"
grep -q "tottime > +1s" "$tmp/err" && fail "gate: a rule that did not trip is listed"
[ "$(tail -n 1 "$tmp/err")" = "fail-if: 1 of 2 rules tripped" ] || fail "gate: verdict line"
[ "$(wc -l <"$tmp/err")" -eq 3 ] || fail "gate: not one line per tripped function and the verdict"
# the same rules on a file against itself: nothing trips
run 0 "$gb" "$gb" --fail-if "$rule" --fail-if 'ncalls > +0' --fail-if 'total > +0s'
[ "$(cat "$tmp/err")" = "fail-if: 3 rules checked, none tripped" ] || fail "gate: self diff"
# counts are exact: one more call trips > +0, not > +1
run 1 "$gb" "$gn" --fail-if 'ncalls(helper) > +0'
grep -qx "fail-if 'ncalls(helper) > +0': myapp/util.py:2(helper) 10 -> 11 calls (+10.0%, +1 call)" \
	"$tmp/err" || fail "gate: ncalls line"
run 0 "$gb" "$gn" --fail-if 'ncalls(helper) > +1'
# a percent-only rule skips functions new in NEW; an absolute part judges them
run 0 "$gb" "$gn" --fail-if 'cumtime(report) > +15%'
run 1 "$gb" "$gn" --fail-if 'cumtime(report) > +15% and > +20ms'
# --strip-dirs and --match name: the regex sees the labels as the report does
run 0 "$gb" "$gn" --strip-dirs --fail-if "$rule"
run 1 "$gb" "$gn" --strip-dirs --fail-if 'cumtime(^db\.py:) > +15% and > +20ms'
grep -q "^fail-if '.*': db.py:6(query) " "$tmp/err" || fail "gate: --strip-dirs label"
run 1 "$gb" "$gn" --match name --fail-if 'cumtime(query) > +40ms'
# a total regression
run 1 "$gb" "$gn" --fail-if 'total > +40%'
grep -qx "fail-if 'total > +40%': total time 0.144 s -> 0.214 s (+49.0%, +70 ms)" "$tmp/err" ||
	fail "gate: total line"
run 0 "$gb" "$gn" --fail-if 'total > +50%'
# -o: the report in the file, the verdict still on stderr, status 1
run 1 "$gb" "$gn" --fail-if "$rule" -o "$tmp/r.txt"
[ -s "$tmp/r.txt" ] && [ ! -s "$tmp/out" ] || fail "gate: -o"
grep -q '^fail-if: 1 of 1 rule tripped$' "$tmp/err" || fail "gate: -o verdict"
# rules that do not parse: status 2, one line naming the rule and the column
for bad in 'cumtime(^myapp/ > +15%' 'walltime > +1s' 'cumtime > +15' 'ncalls > +1ms' \
	'total(x) > +1%' 'cumtime(*x) > +1s' 'cumtime > +5% or > +1s'; do
	run 2 "$gb" "$gn" --fail-if "$bad"
	head -n 1 "$tmp/err" | grep -q "^pstat-view diff: --fail-if '.*': column [0-9]*: " ||
		fail "gate: '$bad': no column in the message"
	[ -s "$tmp/out" ] && fail "gate: '$bad': wrote to stdout"
done
run 2 "$gb" "$gn" --fail-if 'cumtime(^myapp/ > +15%'
grep -qx "pstat-view diff: --fail-if 'cumtime(^myapp/ > +15%': column 8: the '(' of the regex has no matching ')'" \
	"$tmp/err" || fail "gate: the message of an unclosed regex"
# a bad rule is found before the files are read
run 2 "$tmp/missing.pstats" "$gn" --fail-if 'x > 1'
# --format md: Markdown on stdout, only the gate's lines on stderr
run 1 "$gb" "$gn" --fail-if "$rule" --format md
head -n 1 "$tmp/out" | grep -q '^## pstat-view diff: ' || fail "md: heading"
grep -q '^\*\*Gate: failed\*\*: 1 of 1 rule tripped\.$' "$tmp/out" || fail "md: verdict"
grep -qF '| `cumtime(^myapp/) > +15% and > +20ms` | `myapp/db.py:6(query)` | 0.120 s | 0.161 s | +33.9%, +41 ms |' \
	"$tmp/out" || fail "md: the tripped rule's row"
grep -q 'fail-if' "$tmp/out" && fail "md: gate lines on stdout"
[ "$(tail -n 1 "$tmp/err")" = "fail-if: 1 of 1 rule tripped" ] || fail "md: verdict on stderr"
run 0 "$gb" "$gb" --fail-if "$rule" --format md
grep -q '^\*\*Gate: passed\*\*: 1 rule checked, none tripped\.$' "$tmp/out" || fail "md: passed"
run 0 "$a" "$b" --format md
grep -q 'Gate' "$tmp/out" && fail "md: a verdict without rules"
[ "$(grep -c '^| `' "$tmp/out")" -eq 20 ] || fail "md: not 20 rows by default"
run 0 "$a" "$b" --format md --limit 5
[ "$(grep -c '^| `' "$tmp/out")" -eq 5 ] || fail "md: --limit"
[ -s "$tmp/err" ] && fail "md: stderr without rules"
finish
