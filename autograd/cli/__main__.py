"""``python -m autograd.cli`` runs the ``stepgrad`` command."""

import sys

from autograd.cli.command import main

sys.exit(main())
