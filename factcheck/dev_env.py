"""A development checkout's settings: ``make run`` writes ``.env`` once; ``manage.py`` reads it.

With it, ``.venv/bin/python manage.py <command>`` works in a fresh shell as the README writes
it (DEBUG on, a secret generated for this checkout, the SQLite database ``make run`` fills),
instead of refusing to start for want of a ``SECRET_KEY``. Only ``manage.py`` reads the file
(python-dotenv), and variables already set in the environment win over it; gunicorn, Celery
and the tests never read it, so production still refuses to start without a real key.

Run as ``python -m factcheck.dev_env [path]``; an existing file is left as it is.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# Where manage.py looks, unless FACTCHECK_ENV_FILE names another file.
ENV_FILE = BASE_DIR / ".env"


def env_file() -> Path:
    return Path(os.environ.get("FACTCHECK_ENV_FILE") or ENV_FILE)


def dev_env_write(path: Path) -> bool:
    """Write a development ``.env`` at ``path`` unless one is there; True when written."""
    if path.exists():
        return False
    text = (
        "# Written by `make run` for this development checkout; read by manage.py only.\n"
        "# Never use it in production: there, set real values in the environment.\n"
        "DEBUG=1\n"
        f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
        f"DATABASE_URL=sqlite:///{BASE_DIR / 'db.sqlite3'}\n"
    )
    # Created readable by its owner only: it holds a secret.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
    return True


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else env_file()
    written = dev_env_write(path)
    print(f"{'wrote' if written else 'kept'} {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
