# bash completion for pstat-view.  Installed by `cmake --install` as
# share/bash-completion/completions/pstat-view; to try it from a checkout:
#   source scripts/pstat-view-completion.bash
#
# Everything is read from the binary itself, so it always matches the
# installed version: the commands from `pstat-view --help`, and each
# command's options, which of them take a value and the values they accept
# (sort keys, formats, colour maps) from its option table,
# `pstat-view help --options CMD`: one line per option,
# "--long<TAB>-s<TAB>ARG<TAB>value value ...", empty fields for none.

_pstat_view_commands() {
	"$1" --help 2>/dev/null | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p'
}

_pstat_view() {
	local cur prev bin cmd i table line
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	bin=${COMP_WORDS[0]}
	cmd=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done

	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "$(_pstat_view_commands "$bin") help --help --version" -- "$cur"))
		return
	fi
	if [[ $cmd == help ]]; then
		COMPREPLY=($(compgen -W "$(_pstat_view_commands "$bin")" -- "$cur"))
		return
	fi

	table=$("$bin" help --options "$cmd" 2>/dev/null)
	# the word before is an option that takes a value: its values, or files
	if [[ $prev == -* ]]; then
		line=$(awk -F'\t' -v o="$prev" '($1 == o || $2 == o) && $3 != "" { print "x" $4 }' <<<"$table")
		if [[ -n $line ]]; then
			if [[ -n ${line#x} ]]; then
				COMPREPLY=($(compgen -W "${line#x}" -- "$cur"))
			else
				COMPREPLY=($(compgen -f -- "$cur"))
				compopt -o filenames 2>/dev/null
			fi
			return
		fi
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(cut -f1,2 <<<"$table")" -- "$cur"))
		return
	fi
	# profiles first, any file otherwise
	COMPREPLY=($(compgen -f -X '!*.@(pstats|prof|profile|out)' -- "$cur"))
	((${#COMPREPLY[@]})) || COMPREPLY=($(compgen -f -- "$cur"))
	compopt -o filenames 2>/dev/null
}

complete -F _pstat_view pstat-view
