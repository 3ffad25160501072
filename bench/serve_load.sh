#!/usr/bin/env bash
# bench/serve_load.sh [PSTAT_VIEW] [PROFILE]: load test of `pstat-view serve`.
#
# Starts `pstat-view serve --no-browser --port 0 PROFILE` on 127.0.0.1,
# warms it up (each URL once, plain and gzip), then runs wrk for
# PV_LOAD_SECONDS (default 60) with PV_LOAD_CONNECTIONS (default 50)
# connections on PV_LOAD_THREADS (default 2) threads, rotating through the
# page, every asset and every API endpoint (bench/serve_load.lua).  Records
# the server's resident memory (VmRSS) at start, after the warm-up and at
# the end, checks that nothing failed (no socket error, no answer but
# 2xx), that memory stayed flat and that the server still answers the
# same afterwards, stops it with SIGINT and prints a summary.
#
# Exit status: 0 all good, 1 a check failed, 77 wrk or curl is missing
# (ctest's skip code; scripts/setup --test installs wrk).  Loopback only;
# every wait is bounded; the server is stopped by its pid on any exit.
#
# PV_LOAD_RSS_SLACK_KB (default 8192): how much the resident memory may
# grow between the warm-up and the end.  Skipped for a sanitizer build,
# whose allocator keeps freed memory in quarantine.
set -u
here=$(cd "$(dirname "$0")" && pwd)
BIN=${1:-$here/../build/pstat-view}
PROFILE=${2:-$here/../tests/serve/data/py311_ut_json.pstats}
SECONDS_RUN=${PV_LOAD_SECONDS:-60}
CONNS=${PV_LOAD_CONNECTIONS:-50}
THREADS=${PV_LOAD_THREADS:-2}
SLACK_KB=${PV_LOAD_RSS_SLACK_KB:-8192}

for tool in wrk curl; do
	if ! command -v "$tool" >/dev/null; then
		echo "SKIP: $tool is not installed (scripts/setup --test installs it)"
		exit 77
	fi
done
[[ -x $BIN ]] || { echo "no executable $BIN" >&2; exit 1; }
[[ -r $PROFILE ]] || { echo "cannot read $PROFILE" >&2; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/pv-serve-load.XXXXXX")
SPID=
cleanup() {
	[[ -n $SPID ]] && kill -9 "$SPID" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

fails=0
fail() { fails=$((fails + 1)); echo "FAIL: $*"; }

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$SPID/status" 2>/dev/null || echo 0; }

# ---- start the server, read its URL (at most 10 s)
"$BIN" serve --no-browser --port 0 "$PROFILE" >"$TMP/out" 2>"$TMP/err" &
SPID=$!
URL=
for _ in $(seq 100); do
	URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$TMP/out" 2>/dev/null | head -1)
	[[ -n $URL ]] && break
	kill -0 "$SPID" 2>/dev/null || break
	sleep 0.1
done
if [[ -z $URL ]]; then
	echo "the server did not start:" >&2
	cat "$TMP/out" "$TMP/err" >&2
	exit 1
fi
HOSTPORT=${URL#http://}
HOSTPORT=${HOSTPORT%/}
RSS_START=$(rss_kb)

get() { # get PATH [CURL-ARGS...]: prints the HTTP status, body to $TMP/body
	local path=$1
	shift
	curl -s -o "$TMP/body" -w '%{http_code}' --max-time 5 "$@" "$URL${path#/}"
}

# ---- every target: the page, the assets, the API (three function ids)
get /api/summary >/dev/null
nfuncs=$(grep -o '"functions":[0-9]*' "$TMP/body" | head -1 | cut -d: -f2)
if [[ -z $nfuncs || $nfuncs -lt 1 ]]; then
	echo "cannot read the function count from /api/summary" >&2
	exit 1
fi
PATHS="/ /index.html /app.js /style.css /favicon.svg /api/summary /api/functions /api/graph"
PATHS+=" /api/function?id=0 /api/function?id=$((nfuncs / 2)) /api/function?id=$((nfuncs - 1))"

# the warm-up, which also checks that each target exists; the bodies are
# kept to compare with the answers after the run
i=0
for p in $PATHS; do
	i=$((i + 1))
	st=$(get "$p")
	[[ $st == 200 ]] || fail "warm-up: $p answered $st"
	cp "$TMP/body" "$TMP/before.$i"
	st=$(get "$p" -H 'Accept-Encoding: gzip')
	[[ $st == 200 ]] || fail "warm-up: $p (gzip) answered $st"
done
RSS_WARM=$(rss_kb)

# ---- the load
echo "wrk: ${SECONDS_RUN}s, $CONNS connections, $THREADS threads, $URL, rotating through:"
echo "  $PATHS (each plain and gzip)"
PV_LOAD_HOST=$HOSTPORT PV_LOAD_PATHS=$PATHS \
	timeout $((SECONDS_RUN + 30)) wrk -t"$THREADS" -c"$CONNS" -d"${SECONDS_RUN}s" \
	--timeout 5s --latency -s "$here/serve_load.lua" "$URL" >"$TMP/wrk" 2>&1
wrk_rc=$?
RSS_END=$(rss_kb)
[[ $wrk_rc == 0 ]] || fail "wrk exited with $wrk_rc"
line=$(grep '^PV_LOAD ' "$TMP/wrk")
if [[ -z $line ]]; then
	cat "$TMP/wrk"
	fail "no result line from wrk"
	line="PV_LOAD requests=0 duration_us=1"
fi
# the fields as shell variables: requests, duration_us, connect, read, ...
declare -A R
for kv in ${line#PV_LOAD }; do R[${kv%%=*}]=${kv#*=}; done
errors=$((${R[connect]:-1} + ${R[read]:-1} + ${R[write]:-1} + ${R[timeout]:-1}))
reqps=$(awk -v n="${R[requests]}" -v us="${R[duration_us]}" 'BEGIN { printf "%.0f", n / (us / 1e6) }')
ms() { awk -v us="${1:-0}" 'BEGIN { printf "%.2f ms", us / 1000 }'; }

((${R[requests]:-0} > 0)) || fail "no requests were made"
((errors == 0)) || fail "$errors socket errors (connect ${R[connect]}, read ${R[read]}, write ${R[write]}, timeout ${R[timeout]})"
((${R[non2xx]:-1} == 0)) || fail "${R[non2xx]} answers were not 2xx (the first: ${R[first_non2xx]})"

# ---- memory: flat between the warm-up and the end
growth=$((RSS_END - RSS_WARM))
sanitized=
if ldd "$BIN" 2>/dev/null | grep -q 'lib[atu]san'; then
	sanitized=" (sanitizer build: not checked)"
elif ((growth > SLACK_KB)); then
	fail "resident memory grew by $growth kB (more than $SLACK_KB kB)"
fi

# ---- afterwards: the same answers, promptly
i=0
for p in $PATHS; do
	i=$((i + 1))
	st=$(get "$p")
	[[ $st == 200 ]] || fail "after the run: $p answered $st"
	cmp -s "$TMP/body" "$TMP/before.$i" || fail "after the run: $p answers differently"
done
t0=$(date +%s%N)
st=$(get /api/summary)
t1=$(date +%s%N)
after_ms=$(((t1 - t0) / 1000000))
[[ $st == 200 ]] || fail "after the run: /api/summary answered $st"
((after_ms < 1000)) || fail "after the run: /api/summary took $after_ms ms"

# ---- stop it as Ctrl-C does (at most 10 s)
kill -INT "$SPID"
st=timeout
for _ in $(seq 100); do
	if ! kill -0 "$SPID" 2>/dev/null; then
		wait "$SPID"
		st=$?
		break
	fi
	sleep 0.1
done
[[ $st == 0 ]] || fail "the server did not stop cleanly on SIGINT (status $st)"
[[ $st == timeout ]] || SPID=
[[ -s $TMP/err ]] && { echo "server stderr:"; cat "$TMP/err"; }

cat <<EOF

== pstat-view serve under load ($(basename "$PROFILE"), ${SECONDS_RUN}s, $CONNS connections)
requests        ${R[requests]} in $(awk -v us="${R[duration_us]}" 'BEGIN { printf "%.1f", us / 1e6 }') s: $reqps requests/s, $(awk -v b="${R[bytes]:-0}" -v us="${R[duration_us]}" 'BEGIN { printf "%.1f", b / 1048576 / (us / 1e6) }') MiB/s
latency         mean $(ms "${R[lat_mean_us]:-0}"), p50 $(ms "${R[lat_p50_us]:-0}"), p99 $(ms "${R[lat_p99_us]:-0}"), max $(ms "${R[lat_max_us]:-0}")
errors          $errors socket errors, ${R[non2xx]:-?} non-2xx answers
server RSS      start $RSS_START kB, after warm-up $RSS_WARM kB, end $RSS_END kB (growth $growth kB)$sanitized
afterwards      every target 200 with the same body; /api/summary in $after_ms ms; SIGINT: exit $st
EOF
if ((fails)); then
	echo "FAILED: $fails check(s)"
	exit 1
fi
echo "OK"
