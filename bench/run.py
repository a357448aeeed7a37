"""`make bench`: every benchmark, in one run, printing figures."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import coach, sqllab, web


def main() -> None:
    web.main()
    sqllab.main()
    coach.main()


if __name__ == "__main__":
    main()
