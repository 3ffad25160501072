#!/usr/bin/env bash
# tests/cli/completion.sh BIN COMPLETION_SCRIPT: the bash completion offers
# the commands, each command's options, sort keys, themes and formats.
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
	# each long option of the command's usage text is offered
	for o in $("$bin" help "$c" | grep -oE '(^|[[:space:],])--[a-z][-a-z0-9]*' | sed -E 's/^[[:space:],]+//' | sort -u); do
		expect "$c --" "$o"
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
if grep -qx dot <<<"$cmds"; then
	expect "dot -c " color pink gray bw print
fi
((bad)) && exit 1
echo "completion ok: $(wc -w <<<"$cmds") commands"
