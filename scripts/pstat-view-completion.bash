# bash completion for pstat-view.  Installed by `cmake --install` as
# share/bash-completion/completions/pstat-view; to try it from a checkout:
#   source scripts/pstat-view-completion.bash
#
# Commands and options are read from the binary itself (`pstat-view --help`
# and `pstat-view help CMD`), so they always match the installed version.

_pstat_view_opts() {
	# long and short options of one command, from its usage text
	"$1" help "$2" 2>/dev/null |
		grep -oE '(^|[[:space:],])--?[A-Za-z][-A-Za-z0-9]*' |
		sed -E 's/^[[:space:],]+//' | sort -u
}

_pstat_view() {
	local cur prev bin cmd i
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
		local cmds
		cmds=$("$bin" --help 2>/dev/null | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p')
		COMPREPLY=($(compgen -W "$cmds help --help --version" -- "$cur"))
		return
	fi
	if [[ $cmd == help ]]; then
		local cmds
		cmds=$("$bin" --help 2>/dev/null | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p')
		COMPREPLY=($(compgen -W "$cmds" -- "$cur"))
		return
	fi

	case $prev in
	-s | --sortby | --sort)
		case $cmd in
		diff) COMPREPLY=($(compgen -W "cumtime tottime ncalls cumpct name none" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "calls cumulative cumtime file filename module ncalls
			pcalls line name nfl stdname time tottime none" -- "$cur")) ;;
		esac
		return ;;
	--orientation)
		COMPREPLY=($(compgen -W "flame icicle" -- "$cur"))
		return ;;
	--match)
		COMPREPLY=($(compgen -W "exact name" -- "$cur"))
		return ;;
	-c | --colormap | --theme)
		COMPREPLY=($(compgen -W "color pink gray bw print" -- "$cur"))
		return ;;
	-f | --format)
		case $cmd in
		export) COMPREPLY=($(compgen -W "collapsed callgrind json" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "text json csv" -- "$cur")) ;;
		esac
		return ;;
	-T | --output-format | --type)
		COMPREPLY=($(compgen -W "dot png svg pdf" -- "$cur"))
		return ;;
	-o | --output)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_pstat_view_opts "$bin" "$cmd")" -- "$cur"))
		return
	fi
	# profiles first, any file otherwise
	COMPREPLY=($(compgen -f -X '!*.@(pstats|prof|profile|out)' -- "$cur"))
	((${#COMPREPLY[@]})) || COMPREPLY=($(compgen -f -- "$cur"))
	compopt -o filenames 2>/dev/null
}

complete -F _pstat_view pstat-view
