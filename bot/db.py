"""`python -m bot.db upgrade | current | forget USER_ID | stats | purge | votes | import-feedback PATH`."""

import sys

from bot.store.cli import main

if __name__ == "__main__":
    sys.exit(main())
