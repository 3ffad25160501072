#!/bin/sh
# cli_test.sh PSTAT_VIEW DATA_DIR WORK_DIR: help texts, exit statuses, -o.
pv=$1 data=$2 work=$3
passed=0 failed=0
rm -rf "$work" && mkdir -p "$work" && cp -R "$data"/. "$work" && cd "$work" || exit 2
find . -name '*.pstats' -exec touch -d @0 {} +
check() { # check DESCRIPTION EXPECTED_STATUS COMMAND...
    desc=$1 want=$2
    shift 2
    "$@" >out.txt 2>err.txt
    got=$?
    if [ "$got" = "$want" ]; then passed=$((passed + 1)); else
        failed=$((failed + 1)); echo "FAIL: $desc: exit $got, expected $want"; cat err.txt; fi
}
expect() { # expect DESCRIPTION SHELL-CONDITION
    if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1"; fi
}
for c in stats merge shell; do
    check "help $c" 0 "$pv" help $c
    expect "help $c prints usage" "grep -q '^usage: pstat-view $c' out.txt"
    check "$c --help" 0 "$pv" $c --help
    expect "$c --help prints usage" "grep -q '^usage: pstat-view $c' out.txt"
done
check "--help lists merge" 0 "$pv" --help
expect "--help lists merge and shell" "grep -q '^  merge' out.txt && grep -q '^  shell' out.txt"
check "stats -o" 0 "$pv" stats -s time -l 5 -o report.txt jset.pstats
expect "stats -o writes nothing to stdout" "[ ! -s out.txt ]"
"$pv" stats -s time -l 5 jset.pstats > direct.txt
expect "stats -o writes the report" "cmp -s report.txt direct.txt"
check "stats -o with a bad file keeps the old output" 1 "$pv" stats -o report.txt malformed/empty.pstats
expect "old output intact" "cmp -s report.txt direct.txt"
expect "no temporary left behind" "[ -z \"\$(ls | grep 'report.txt.tmp')\" ]"
check "stats to a missing directory" 1 "$pv" stats -o no/such/dir/x.txt jset.pstats
check "merge without -o" 2 "$pv" merge jset.pstats
check "merge without files" 2 "$pv" merge -o x.pstats
check "merge bad option" 2 "$pv" merge --frob jset.pstats -o x.pstats
check "merge a bad file" 1 "$pv" merge jset.pstats malformed/text_file.pstats -o bad.pstats
expect "merge of a bad file writes nothing" "[ ! -e bad.pstats ]"
check "merge" 0 "$pv" merge jset.pstats py313_jset.pstats -o m.pstats
check "merge --strip-dirs" 0 "$pv" merge --strip-dirs jset.pstats -o ms.pstats
"$pv" stats -s none m.pstats | sed '1,/^$/d' > a.txt
"$pv" stats -s none jset.pstats py313_jset.pstats | sed '1,/^$/d' > b.txt
expect "merged file reports as its inputs" "cmp -s a.txt b.txt"
"$pv" stats -s none --strip-dirs jset.pstats --callers > a.txt
"$pv" stats -s none ms.pstats --callers > b.txt
expect "merge --strip-dirs reports as stats --strip-dirs" "cmp -s a.txt b.txt"
check "shell bad option" 2 "$pv" shell --frob
printf 'quit\n' > q.txt
check "shell scripted" 0 sh -c "\"$pv\" shell jset.pstats < q.txt"
expect "shell greets" "grep -q 'Welcome to the profile statistics browser.' out.txt"
check "stats | head" 0 sh -c "\"$pv\" stats -s none py311_ut_json.pstats | head -n 1"
expect "a closed pipe is not an error message" "[ ! -s err.txt ]"
check "stats -o on a full disk" 1 "$pv" stats -s none jset.pstats -o /dev/full
expect "a full disk is one line" "[ \"\$(wc -l < err.txt)\" = 1 ] && grep -q 'No space left on device' err.txt"
check "stats to a full standard output" 1 sh -c "\"$pv\" stats -s none jset.pstats > /dev/full"
expect "a full standard output is one line" "[ \"\$(wc -l < err.txt)\" = 1 ] && grep -q 'standard output' err.txt"
# a restriction regex that would backtrack for ever (Python's re hangs on
# it) against a 5,000-character name: one line and exit 1, quickly; an
# ordinary regex on the same name still finds it, as pstats does
if python3 -c "
import marshal
marshal.dump({('/x/long.py', 1, 'a' * 5000 + 'b'): (1, 1, 0.5, 0.5, {})}, open('long.pstats', 'wb'))"
then
    check "catastrophic regex" 1 timeout 10 "$pv" stats long.pstats -l '(a+)+$'
    expect "catastrophic regex: one line" "[ \"\$(wc -l < err.txt)\" = 1 ] && grep -q '^pstat-view: regular expression too complex: gave up after [0-9]* steps$' err.txt"
    expect "catastrophic regex: no report" "[ ! -s out.txt ]"
    check "ordinary regex on a long name" 0 "$pv" stats long.pstats -l '(a|b)+\)$'
    expect "ordinary regex on a long name finds it" "grep -q 'long.py:1(aaaaa' out.txt"
fi
echo "cli: $passed passed, $failed failed"
[ "$failed" = 0 ]
