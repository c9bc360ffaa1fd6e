"""Entry point for the `epc` console script and `python -m epc_tui`."""

import sys


def main() -> None:
    """Run the command line; kept tiny so `epc --version` starts fast."""
    from epc_tui.cli import run

    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
