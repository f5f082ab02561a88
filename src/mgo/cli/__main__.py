"""``python -m mgo.cli``: the same as the ``mgo`` command (the tests run it so in fresh processes)."""

import sys

from mgo.cli import main

sys.exit(main())
