#!/bin/sh
# check_svg.sh BIN DATA WORK: `pstat-view flame` on every DATA/*.pstats in
# both orientations; each SVG must be accepted by an XML parser (xmllint,
# else python3's xml.dom.minidom; exit 77 without either), be
# self-contained (no href/src to anything but its own #ids, no http:// but
# the SVG namespace), have a title, a legend, the zoom script and at least
# one labelled box, and never carry a raw "<script>" from a profile name.
bin=$1 data=$2 work=$3
mkdir -p "$work" || exit 1
if command -v xmllint >/dev/null; then
	parse() { xmllint --noout "$1"; }
elif command -v python3 >/dev/null; then
	parse() { python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$1"; }
else
	echo "skip: neither xmllint nor python3 is installed"
	exit 77
fi
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
for f in "$data"/*.pstats; do
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
	done
done
[ $fails -eq 0 ] && echo "flame svg: ok"
[ $fails -eq 0 ]
