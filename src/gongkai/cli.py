"""The `gongkai` console command: Django's management commands plus the domain ones
(`workdays`, `import-documents`, `demo`, …)."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    settings.HOME.mkdir(parents=True, exist_ok=True)
    execute_from_command_line(["gongkai", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
