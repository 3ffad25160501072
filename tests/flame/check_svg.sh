#!/bin/sh
# check_svg.sh BIN DATA WORK: `pstat-view flame` on every DATA/*.pstats in
# both orientations; each SVG must be accepted by an XML parser (xmllint,
# else python3's xml.dom.minidom; exit 77 without either), be
# self-contained (no href/src to anything but its own #ids, no http:// but
# the SVG namespace), have a title, a legend, the zoom script and at least
# one labelled box, and never carry a raw "<script>" from a profile name.
# Its boxes are as wide as their times (check_widths.py, from python3's
# pstats): 'all' spans the chart, every box lies within its parent, and in
# the cProfile files (whose roots cover total_tt) every exact box is its
# function's cumtime share of the chart; also at another --width.
bin=$1 data=$2 work=$3
here=$(dirname "$0")
mkdir -p "$work" || exit 1
if command -v xmllint >/dev/null; then
	parse() { xmllint --noout "$1"; }
elif command -v python3 >/dev/null; then
	parse() { python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$1"; }
else
	echo "skip: neither xmllint nor python3 is installed"
	exit 77
fi
command -v python3 >/dev/null || { echo "skip: python3 (pstats) is not installed"; exit 77; }
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
for f in "$data"/*.pstats; do
	case $(basename "$f") in
	tree.pstats | py311_jsontool.pstats | py312_recursion.pstats) shares=--shares ;;
	*) shares= ;;
	esac
	for o in flame icicle; do
		n=$(basename "$f" .pstats).$o
		svg=$work/$n.svg
		"$bin" flame "$f" --orientation "$o" --title "T <&> $n" -o "$svg" 2>"$work/$n.err" ||
			{ fail "$n: exit $?"; cat "$work/$n.err"; continue; }
		[ -s "$work/$n.err" ] && fail "$n: wrote to stderr"
		parse "$svg" || fail "$n: not well-formed XML"
		grep -q '<title>T &lt;&amp;&gt; ' "$svg" || fail "$n: no (escaped) title"
		grep -q 'id="pv-legend"' "$svg" || fail "$n: no legend"
		[ "$(grep -c '<script' "$svg")" -eq 1 ] || fail "$n: not exactly one <script>"
		grep -q 'class="pv-f' "$svg" || fail "$n: no boxes"
		grep -q '<text x="[0-9.]*" y="[0-9.]*">[^<]' "$svg" || fail "$n: no labelled box"
		grep -oE '(href|src)="[^"]*"' "$svg" | grep -v '="#' && fail "$n: external reference"
		grep -o 'https\{0,1\}://[^" ]*' "$svg" | grep -vx 'http://www.w3.org/2000/svg' &&
			fail "$n: a URL"
		python3 "$here/check_widths.py" "$svg" "$f" 1200 $shares || fail "$n: box widths"
	done
	n=$(basename "$f" .pstats).700
	"$bin" flame "$f" --width 700 -o "$work/$n.svg" &&
		python3 "$here/check_widths.py" "$work/$n.svg" "$f" 700 $shares >/dev/null ||
		fail "$n: box widths at --width 700"
done
[ $fails -eq 0 ] && echo "flame svg: ok"
[ $fails -eq 0 ]
