#!/usr/bin/env bash
# tests/cli/completion.sh BIN COMPLETION_SCRIPT: the bash completion offers
# the commands, each command's options and the values its option table
# lists (sort keys, themes, formats), as `pstat-view help --options CMD`
# gives them.
set -u
shopt -s extglob
bin=$1
# shellcheck source=/dev/null
. "$2"
bad=0

complete_words() { # words... -> the completions, one per line
	COMP_WORDS=("$bin" "$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_pstat_view
	printf '%s\n' "${COMPREPLY[@]}"
}

expect() { # "words" expected-completion...
	local words=$1 got w
	shift
	read -r -a w <<<"$words"
	[[ $words == *' ' || -z $words ]] && w+=("")
	got=$(complete_words "${w[@]}")
	for want in "$@"; do
		if ! grep -qxF -- "$want" <<<"$got"; then
			printf 'FAIL: completing "%s" does not offer "%s"; got: %s\n' "$words" "$want" "$(tr '\n' ' ' <<<"$got")"
			bad=1
		fi
	done
}

# every command of --help is offered
cmds=$("$bin" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p')
[[ -n $cmds ]] || { echo "FAIL: no commands in --help"; exit 1; }
for c in $cmds; do
	expect "" "$c"
	expect "help " "$c"
	# every option of the command's table (help --options) is offered, and
	# after an option with a list of values, each of those values
	table=$("$bin" help --options "$c")
	[[ -n $table ]] || { echo "FAIL: 'help --options $c' lists nothing"; bad=1; }
	while IFS= read -r line; do
		long=$(cut -f1 <<<"$line") short=$(cut -f2 <<<"$line") values=$(cut -f4 <<<"$line")
		[[ -n $long ]] && expect "$c --" "$long"
		[[ -n $short ]] && expect "$c -" "$short"
		# shellcheck disable=SC2086 # the values are words
		[[ -n $values ]] && expect "$c ${long:-$short} " $values
	done <<<"$table"
	# every long option that the help text shows is in the table
	for o in $("$bin" help "$c" | grep -oE '^ +(-[A-Za-z], )?--[a-z][-a-z0-9]*' | grep -oE -- '--[a-z][-a-z0-9]*'); do
		grep -q -- "^$o"$'\t' <<<"$table" || { echo "FAIL: 'help $c' shows $o, which 'help --options $c' does not list"; bad=1; }
	done
done
expect "stats -s cu" cumulative cumtime
expect "stats --sortby " tottime nfl stdname pcalls
expect "stats --format " text json csv
expect "stats -s no" none
expect "diff --sortby " cumpct ncalls
expect "export --format " collapsed callgrind json
expect "flame --orientation " flame icicle
expect "diff --match " exact name
expect "dot --output-format " png svg pdf
expect "dot -T " png svg pdf
# a value that is no listed word: files (here: the files beside this script)
pushd "$(dirname "$0")" >/dev/null || exit 1
expect "stats -o " "$(basename "$0")"
popd >/dev/null || exit 1
if grep -qx dot <<<"$cmds"; then
	expect "dot -c " color pink gray bw print
fi
((bad)) && exit 1
echo "completion ok: $(wc -w <<<"$cmds") commands"
