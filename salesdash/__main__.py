import sys

from salesdash.cli import main

sys.exit(main())
