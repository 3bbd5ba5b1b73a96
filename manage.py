#!/usr/bin/env python
"""Django's command-line utility for administrative tasks.

In a development checkout it reads ``.env`` first (``factcheck/dev_env.py``, written by
``make run``); variables set in the environment win over the file.
"""

import os
import sys


def main() -> None:
    from dotenv import load_dotenv

    from factcheck.dev_env import env_file

    load_dotenv(env_file(), override=False)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
