"""Validate the data package: Frictionless (schemas, primary and foreign keys, hashes) + the edition's checks.

    python scripts/validate.py [path/to/datapackage.json]

Prints one line per problem (table:row:field: message) and exits 1 if there is any.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from _common import ROOT

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="validate.py", description="Validate the data package.")
    parser.add_argument("descriptor", nargs="?", default=str(ROOT / "datapackage.json"))
    args = parser.parse_args(argv)
    from internet_plus.validation import validate

    problems = validate(args.descriptor)
    for p in problems:
        print(p)
    if problems:
        print(f"invalid: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("valid: Frictionless and the edition's own checks pass")
    return 0


if __name__ == "__main__":
    sys.exit(main())
