"""`python -m local_platform` (what `make run` runs)."""

import sys

from local_platform.main import main

sys.exit(main())
