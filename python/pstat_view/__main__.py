"""`python -m pstat_view ARGS...` and the `pstat-view` console script: run the
bundled pstat-view binary with the same arguments and exit status."""
import sys

from ._binary import exec_binary


def main():
    exec_binary(sys.argv[1:])


if __name__ == "__main__":
    main()
