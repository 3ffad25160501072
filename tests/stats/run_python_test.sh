#!/bin/sh
# run_python_test.sh INTERPRETER NEEDS SCRIPT ARGS...
# Runs SCRIPT with INTERPRETER, or exits 77 (ctest: skipped) when the
# interpreter is missing.  NEEDS=corpus also requires shared/corpus (beside
# the repository, or $PV_SHARED): @CORPUS@ and @TOOLS@ in ARGS are replaced
# by its corpus/ and tools/ directories.
py=$1 needs=$2 script=$3
shift 3
if ! command -v "$py" >/dev/null 2>&1; then
    echo "skipped: $py not found"
    exit 77
fi
here=$(cd "$(dirname "$0")" && pwd)
shared=${PV_SHARED:-$here/../../../shared}
if [ "$needs" = corpus ]; then
    if [ ! -d "$shared/corpus" ] || [ ! -f "$shared/tools/pstats_oracle.py" ]; then
        echo "skipped: no shared corpus at $shared (set PV_SHARED)"
        exit 77
    fi
fi
for a in "$@"; do
    case $a in
    @CORPUS@) a=$shared/corpus ;;
    @TOOLS@) a=$shared/tools ;;
    esac
    set -- "$@" "$a"
    shift
done
exec "$py" "$script" "$@"
