#!/usr/bin/env bash
# tests/cli/install.sh BUILD_DIR: what a user gets from `cmake --install`.
#
#   - `cmake --install BUILD_DIR --prefix TMP` installs bin/pstat-view,
#     share/man/man1/pstat-view.1 and share/bash-completion/completions/pstat-view;
#   - the installed binary runs (--version);
#   - `MANPATH=TMP/share/man man pstat-view` renders the page without a warning;
#   - in a real interactive bash (in tmux, when tmux is installed), with the
#     installed completion sourced, `pstat-view st<Tab>` completes to `stats `
#     and `pstat-view stats --so<Tab>` to `--sortby `.
#
# Exit 0: passed; 1: failed; 77: skipped (cmake not found).  The tmux server
# runs on a socket of its own and is stopped at the end.
set -u
build=$1
command -v cmake >/dev/null || { echo "SKIP: cmake not found"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pv-install.XXXXXX") || exit 1
sock=pv-install-test-$$     # + .1, .2: one tmux server per session
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
	local i
	if command -v tmux >/dev/null; then
		for ((i = 1; i <= nsessions; i++)); do
			tmux -L "$sock.$i" kill-server 2>/dev/null
		done
	fi
	rm -rf "$tmp"
}
nsessions=0
export TMUX_TMPDIR=$tmp        # the tmux sockets go with the rest
unset TMUX
trap cleanup EXIT
failures=0
fail() {
	printf 'FAIL: %s\n' "$*"
	failures=$((failures + 1))
}

prefix=$tmp/prefix
if ! cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1; then
	fail "cmake --install $build --prefix $prefix failed:"
	cat "$tmp/install.log"
	exit 1
fi
for f in bin/pstat-view share/man/man1/pstat-view.1 share/bash-completion/completions/pstat-view; do
	[[ -f $prefix/$f ]] || fail "cmake --install did not install $f"
done
((failures)) && exit 1
[[ -x $prefix/bin/pstat-view ]] || fail "bin/pstat-view is not executable"
"$prefix/bin/pstat-view" --version | grep -q '^pstat-view ' || fail "the installed pstat-view --version fails"

# man, as a user runs it, through MANPATH
if command -v man >/dev/null; then
	MANPATH=$prefix/share/man MANPAGER=cat PAGER=cat MANWIDTH=80 man --warnings pstat-view \
		>"$tmp/man.out" 2>"$tmp/man.err"
	rc=$?
	[[ $rc -eq 0 ]] || fail "MANPATH=$prefix/share/man man pstat-view exited $rc"
	[[ -s $tmp/man.err ]] && { fail "man pstat-view warned:"; head -20 "$tmp/man.err"; }
	grep -q '^NAME' "$tmp/man.out" || fail "man pstat-view shows no NAME section"
	grep -q '^EXIT STATUS' "$tmp/man.out" || fail "man pstat-view shows no EXIT STATUS section"
else
	echo "note: man is not installed; the man page was not rendered"
fi

# tab completion in a real interactive bash
if ! command -v tmux >/dev/null; then
	echo "note: tmux is not installed; completion was not tried in a terminal"
else
	tm() { tmux -L "$sock.$nsessions" "$@"; }
	# wait_for PATTERN: until the pane's text matches the ERE (5 s at most)
	wait_for() {
		local i
		for ((i = 0; i < 50; i++)); do
			tm capture-pane -p -t t >"$tmp/pane" 2>/dev/null
			grep -qE -- "$1" "$tmp/pane" && return 0
			sleep 0.1
		done
		return 1
	}
	# try TYPED EXPECTED: types TYPED and Tab on an empty line; the line must
	# then read EXPECTED, the cursor after it (capture-pane drops trailing
	# spaces, so the cursor column checks EXPECTED's final space)
	try() {
		local typed=$1 want=$2 x
		tm send-keys -t t C-u 'clear' Enter
		wait_for '^READY> ?$' || true
		tm send-keys -t t -l "$typed"
		tm send-keys -t t Tab
		if ! wait_for "^READY> ${want% } ?\$"; then
			fail "'$typed<Tab>' did not complete to '$want'; the terminal shows:"
			sed '/^$/d' "$tmp/pane"
			return
		fi
		x=$(tm display -p -t t '#{cursor_x}')
		[[ $x -eq $((7 + ${#want})) ]] ||
			fail "'$typed<Tab>': the cursor is at column $x, expected $((7 + ${#want})) (after '$want')"
	}
	# session HOW SETUP: a fresh interactive bash that runs SETUP, then the tries
	session() {
		nsessions=$((nsessions + 1))
		tm -f /dev/null new-session -d -s t -x 160 -y 40 \
			env -i HOME="$tmp" HISTFILE=/dev/null TERM=xterm PATH="$prefix/bin:/usr/bin:/bin" \
			XDG_DATA_DIRS="$prefix/share:/usr/share" PS1='READY> ' bash --norc --noprofile -i
		tm send-keys -t t -l "$2"
		tm send-keys -t t Enter
		if ! wait_for '^READY> ?$'; then
			fail "$1: no interactive bash prompt in tmux"
			sed '/^$/d' "$tmp/pane"
			return
		fi
		sleep 0.2
		try 'pstat-view st' 'pstat-view stats '
		try 'pstat-view stats --so' 'pstat-view stats --sortby '
		try 'pstat-view dot --colorm' 'pstat-view dot --colormap '
	}
	# the installed script, sourced
	session "sourced" ". '$prefix/share/bash-completion/completions/pstat-view'"
	# loaded on demand by the bash-completion package from
	# PREFIX/share/bash-completion/completions (XDG_DATA_DIRS), as in a
	# user's shell after `cmake --install build` (/usr/local is on the default
	# XDG_DATA_DIRS)
	bc=/usr/share/bash-completion/bash_completion
	if [[ -f $bc ]]; then
		session "bash-completion" ". $bc"
	else
		echo "note: bash-completion is not installed; loading on demand was not tried"
	fi
fi

if ((failures)); then
	printf 'install: %d check(s) failed\n' "$failures"
	exit 1
fi
echo "install: ok ($prefix: bin/pstat-view, man page, bash completion)"
exit 0
