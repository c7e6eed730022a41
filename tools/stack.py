#!/usr/bin/env python3
"""The local stack of volsnap-dashboard; see tools/localstack/cli.py."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from localstack import cli  # noqa: E402

if __name__ == "__main__":
    sys.exit(cli.main())
