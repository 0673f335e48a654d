"""``python -m grb``: the command line, for machines where the ``grb`` script is not on the PATH."""

import sys

from grb.cli import main

if __name__ == "__main__":
    sys.exit(main())
