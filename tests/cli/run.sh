#!/usr/bin/env bash
# tests/cli/run.sh BIN CASE [ARG...]: one CLI-level check of the pstat-view
# binary BIN, as a user runs it.  tests/cli/tests.cmake registers one ctest
# test per case.  Exit 0: passed; 1: failed (each failed check says why);
# 77: skipped (a tool it needs is not installed).
#
# Cases:
#   version VERSION      --version and -V print "pstat-view VERSION"
#   help                 --help, -h and `help` list the commands and global options
#   help_commands        `help CMD` and `CMD --help` print CMD's usage, for every command
#   usage_errors         unknown command/option, `help NOSUCH`, no arguments -> exit 2
#   command_usage_errors FILE
#                        `CMD --no-such-option FILE` -> exit 2, for every command
#   bad_file FILE        `stats FILE`: exit 1, exactly one line on stderr
#                        "pstat-view: FILE: ...", nothing on stdout
#   good_file FILE       `stats FILE`: exit 0, a report on stdout, nothing on stderr
#   demo SAMPLE          the command scripts/demo runs
#   man_render MANPAGE   groff -ww, mandoc -T lint and man -l render it without a word
#   man_options MANPAGE  the long options of CMD's option table (`help --options
#                        CMD`, which --help, parsing and completion share) and of the
#                        man page's CMD subsection are the same, for every command;
#                        same for `--help`'s global options; each short option
#                        of the table is named in the subsection
#   readme README        every fenced block of README that starts with
#                        "$ build/pstat-view ARGS" shows what the binary prints for
#                        ARGS (run from README's directory; pstats' header line with
#                        the file's modification time is not compared), and every
#                        picture README shows (docs/...png) exists and is a PNG
#
# Every run of the binary must also leave no sanitizer report on stderr.
set -u

[[ $# -ge 2 ]] || { echo "usage: run.sh BIN CASE [ARG...]" >&2; exit 2; }
BIN=$1
CASE=$2
shift 2

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pv-cli.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() {
	printf 'FAIL: %s\n' "$*"
	failures=$((failures + 1))
}

# pv ARG...: runs the binary (stdin empty, 60 s at most); leaves the exit
# status in $rc, stdout in $tmp/out, stderr in $tmp/err.
pv() {
	last="pstat-view $*" shown=0
	timeout 60 "$BIN" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	if [[ $rc -eq 124 ]]; then
		fail "'$last' did not finish within 60 s"
		show
	fi
	if grep -qE 'Sanitizer|runtime error:' "$tmp/err"; then
		fail "'$last' left a sanitizer report"
		show
	fi
}

# show: prints what the last run gave (after its first failed check).
show() {
	((shown)) && return
	shown=1
	printf -- '--- %s: exit %d; stdout (%d lines):\n' "$last" "$rc" "$(wc -l <"$tmp/out")"
	head -n 20 "$tmp/out"
	printf -- '--- stderr:\n'
	head -n 40 "$tmp/err"
	printf -- '---\n'
}

expect_rc() {
	[[ $rc -eq $1 ]] || { fail "'$last' exited $rc, expected $1"; show; }
}
expect_empty() { # out|err
	[[ ! -s $tmp/$1 ]] || { fail "'$last' wrote to std$1, expected nothing"; show; }
}
expect_nonempty() { # out|err
	[[ -s $tmp/$1 ]] || { fail "'$last' wrote nothing to std$1"; show; }
}
expect_grep() { # out|err ERE
	grep -qE -- "$2" "$tmp/$1" || { fail "'$last': std$1 does not match /$2/"; show; }
}

# The commands `pstat-view --help` lists: the lines "  NAME  summary" after
# "Commands:".
commands() {
	"$BIN" --help 2>/dev/null |
		sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z0-9-]*\)  *[^ ].*$/\1/p'
}

# Long options in a text (stdin), one a line, sorted.
long_options() {
	grep -oE -- '(^|[^A-Za-z0-9-])--[A-Za-z0-9][A-Za-z0-9-]*' |
		sed 's/^[^-]*//' | sort -u
}

case $CASE in
version)
	for opt in --version -V; do
		pv "$opt"
		expect_rc 0
		expect_empty err
		[[ $(cat "$tmp/out") == "pstat-view $1" ]] ||
			{ fail "'$last' printed something else than 'pstat-view $1'"; show; }
	done
	;;

help)
	for args in --help -h help; do
		pv $args
		expect_rc 0
		expect_empty err
		expect_grep out '^usage: pstat-view COMMAND'
		expect_grep out '^Commands:'
		expect_grep out '^  stats  '
		expect_grep out '--help'
		expect_grep out '--version'
	done
	;;

help_commands)
	cmds=$(commands)
	[[ -n $cmds ]] || fail "'pstat-view --help' lists no commands"
	for cmd in $cmds; do
		pv help "$cmd"
		expect_rc 0
		expect_empty err
		expect_grep out "pstat-view $cmd"
		cp "$tmp/out" "$tmp/usage"
		pv "$cmd" --help
		expect_rc 0
		expect_empty err
		cmp -s "$tmp/out" "$tmp/usage" ||
			fail "'pstat-view $cmd --help' and 'pstat-view help $cmd' differ"
	done
	;;

usage_errors)
	for args in "no-such-command" "--no-such-option" "-Z" "help no-such-command" \
		"help stats stats"; do
		# shellcheck disable=SC2086 # each string is several arguments
		pv $args
		expect_rc 2
		expect_empty out
		expect_grep err '^pstat-view: '
		expect_grep err 'usage'
	done
	pv
	expect_rc 2
	;;

command_usage_errors)
	for cmd in $(commands); do
		pv "$cmd" --no-such-option "$1"
		expect_rc 2
		expect_empty out
		expect_grep err "^pstat-view $cmd: "
		expect_grep err 'usage'
	done
	;;

bad_file)
	file=$1
	pv stats "$file"
	expect_rc 1
	expect_empty out
	if [[ $(wc -l <"$tmp/err") -ne 1 ]]; then
		fail "'$last' wrote $(wc -l <"$tmp/err") lines to stderr, expected 1"
		show
	fi
	line=$(head -n 1 "$tmp/err")
	prefix="pstat-view: $file: "
	if [[ ${line:0:${#prefix}} != "$prefix" || ${#line} -le ${#prefix} ]]; then
		fail "'$last': the error does not start with '$prefix' followed by a message"
		show
	fi
	;;

good_file)
	pv stats "$1"
	expect_rc 0
	expect_empty err
	expect_grep out 'function calls'
	;;

demo)
	pv stats "$1" --sortby tottime --limit 15
	expect_rc 0
	expect_empty err
	expect_grep out '^   Ordered by: internal time$'
	expect_grep out '^   List reduced from 113 to 15 due to restriction <15>$'
	;;

man_render)
	man=$1
	found=0
	if command -v groff >/dev/null; then
		found=1
		groff -ww -man -Tutf8 "$man" >"$tmp/out" 2>"$tmp/err"
		rc=$? shown=0 last="groff -ww -man -Tutf8 $man"
		expect_rc 0
		expect_empty err
		expect_nonempty out
	fi
	if command -v mandoc >/dev/null; then
		found=1
		mandoc -T lint "$man" >"$tmp/out" 2>"$tmp/err"
		rc=$? shown=0 last="mandoc -T lint $man"
		expect_rc 0
		expect_empty out
		expect_empty err
	fi
	if command -v man >/dev/null && ((found)); then
		MANPAGER=cat PAGER=cat MANWIDTH=80 man --warnings -l "$man" >"$tmp/out" 2>"$tmp/err"
		rc=$? shown=0 last="man --warnings -l $man"
		expect_rc 0
		expect_empty err
		expect_grep out '^NAME'
	fi
	((found)) || { echo "SKIP: neither groff nor mandoc is installed"; exit 77; }
	;;

man_options)
	man=$1
	# "SECTION<TAB>--option" for each long option of the man page, where
	# SECTION is a command (a .SS under COMMANDS), "global" (GLOBAL OPTIONS)
	# or "other".  Comment lines are skipped; \- and font escapes undone.
	sed -e '/^\.\\"/d' -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\&//g' "$man" |
		awk '
		/^\.SH/ { sh = $0; sub(/^\.SH +"?/, "", sh); sub(/"$/, "", sh); ss = ""; next }
		/^\.SS/ { ss = $2; gsub(/"/, "", ss); if (sh == "COMMANDS") print ss "\t" > "/dev/stderr"; }
		{
			sec = sh == "COMMANDS" && ss != "" ? ss : sh == "GLOBAL OPTIONS" ? "global" : "other"
			line = $0
			while (match(line, /(^|[^A-Za-z0-9-])--[A-Za-z0-9][A-Za-z0-9-]*/)) {
				opt = substr(line, RSTART, RLENGTH); sub(/^[^-]*/, "", opt)
				print sec "\t" opt
				line = substr(line, RSTART + RLENGTH)
			}
			line = $0
			while (match(line, /(^|[^A-Za-z0-9-])-[A-Za-z]([^A-Za-z0-9-]|$)/)) {
				opt = substr(line, RSTART, RLENGTH); sub(/^[^-]*/, "", opt)
				print sec "\tshort" substr(opt, 1, 2)
				line = substr(line, RSTART + 2)
			}
		}' >"$tmp/manopts" 2>"$tmp/mansections"
	man_opts() { awk -F'\t' -v s="$1" '$1 == s && $2 ~ /^--/ { print $2 }' "$tmp/manopts" | sort -u; }
	man_shorts() { awk -F'\t' -v s="$1" '$1 == s && $2 ~ /^short/ { print substr($2, 6) }' "$tmp/manopts" | sort -u; }
	man_opts global >"$tmp/man.global"

	# compare WHAT HELP_LIST MAN_LIST MAN_WHERE
	compare() {
		local o
		for o in $(comm -23 "$2" "$3"); do
			fail "$o is in '$1' but not in the man page's $4"
		done
		for o in $(comm -13 "$2" "$3"); do
			fail "the man page's $4 has $o, which '$1' does not list"
		done
	}

	pv --help
	sed -n '/^Global options:/,/^$/p' "$tmp/out" | long_options >"$tmp/help.global"
	[[ -s $tmp/help.global ]] || fail "'pstat-view --help' shows no global options"
	compare "pstat-view --help" "$tmp/help.global" "$tmp/man.global" "GLOBAL OPTIONS"

	for cmd in $(commands); do
		if ! grep -qxF "$cmd"$'\t' "$tmp/mansections"; then
			fail "the man page has no subsection '.SS $cmd' under COMMANDS"
			continue
		fi
		# the command's option table, as the binary lists it for scripts
		pv help --options "$cmd"
		expect_rc 0
		expect_empty err
		cut -f1 "$tmp/out" | grep -- '^--' | sort -u >"$tmp/help.cmd"
		[[ -s $tmp/help.cmd ]] || fail "'pstat-view help --options $cmd' lists no long option"
		man_opts "$cmd" >"$tmp/man.cmd"
		# every short option of the table is named in the subsection
		for o in $(cut -f2 "$tmp/out" | grep -v -- '^-h$'); do
			man_shorts "$cmd" | grep -qxF -- "$o" ||
				fail "$o is in 'pstat-view help --options $cmd' but not in the man page's '$cmd' subsection"
		done
		# --help may be documented once, under GLOBAL OPTIONS.
		comm -23 "$tmp/help.cmd" "$tmp/man.global" >"$tmp/help.cmd.own"
		comm -23 "$tmp/man.cmd" "$tmp/man.global" >"$tmp/man.cmd.own"
		compare "pstat-view help --options $cmd" "$tmp/help.cmd.own" "$tmp/man.cmd.own" \
			"'$cmd' subsection"
	done
	;;

readme)
	readme=$1
	root=$(cd "$(dirname "$readme")" && pwd)
	# block N: $tmp/readme.N.cmd (the arguments) and $tmp/readme.N.want
	awk -v dir="$tmp" '
		/^```/ {
			if (inblock) { inblock = 0; close(want); next }
			fence = 1; next
		}
		fence && /^\$ build\/pstat-view / {
			n++; inblock = 1
			cmd = dir "/readme." n ".cmd"; want = dir "/readme." n ".want"
			a = $0; sub(/^\$ build\/pstat-view /, "", a)
			print a > cmd; close(cmd)
			printf "" > want
			fence = 0; next
		}
		{ fence = 0 }
		inblock { print > want }
	' "$readme"
	# the header line of a pstats report: "Sat Nov 21 15:40:56 2026    FILE"
	mask='s/^[A-Z][a-z][a-z] [A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]{8} [0-9]{4}    /MTIME    /'
	cd "$root" || exit 1    # README's commands name files relative to it
	nblocks=0
	for cmdf in "$tmp"/readme.*.cmd; do
		[[ -e $cmdf ]] || break
		nblocks=$((nblocks + 1))
		read -r -a args <"$cmdf"
		pv "${args[@]}"
		expect_rc 0
		# trailing empty lines (pstats ends a report with two) are not compared
		trim() { sed -E "$mask" "$1" | awk '/^$/ { n++; next } { while (n) { print ""; n-- } print }'; }
		trim "${cmdf%.cmd}.want" >"$tmp/want"
		trim "$tmp/out" >"$tmp/got"
		if ! diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"; then
			fail "README shows other output for 'build/pstat-view ${args[*]}' than the binary prints (scripts/make-doc-images does not update it: paste the new output):"
			head -40 "$tmp/diff"
		fi
	done
	((nblocks)) || fail "README has no block starting with '\$ build/pstat-view '"
	# pictures
	npics=0
	while read -r pic; do
		npics=$((npics + 1))
		f=$root/$pic
		if [[ ! -f $f ]]; then
			fail "README shows $pic, which does not exist (scripts/make-doc-images makes it)"
		elif [[ $(head -c 8 "$f" | od -An -tx1 | tr -d ' \n') != 89504e470d0a1a0a ]]; then
			fail "README shows $pic, which is not a PNG file"
		fi
	done < <(grep -oE '(\]\(|src=")docs/[^)" ]+\.png' "$readme" | sed -E 's/^(\]\(|src=")//' | sort -u)
	((npics)) || fail "README shows no picture from docs/"
	echo "readme: $nblocks output block(s), $npics picture(s)"
	;;

*)
	echo "run.sh: unknown case '$CASE'" >&2
	exit 2
	;;
esac

if ((failures)); then
	printf '%s: %d check(s) failed\n' "$CASE" "$failures"
	exit 1
fi
echo "$CASE: ok"
exit 0
