"""The `gongkai` console command: Django's management commands plus the domain ones
(`workdays`, `import-documents`, `demo`, …)."""

import os
import sys

# Development tools that run with DEBUG on unless told otherwise (GONGKAI_DEBUG=0): the development
# server (which then also serves the static files) and the demo loader. Everything else, production
# included, runs with DEBUG off and needs GONGKAI_SECRET_KEY.
DEVELOPMENT_COMMANDS = {"runserver", "demo"}
# Tools that neither sign nor hash anything with the secret key (reading and checking annual reports,
# fees, working days, inspecting a website): they run without one.
KEYLESS_COMMANDS = {"annual", "fee", "workdays", "sitecheck", "redact"}


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in DEVELOPMENT_COMMANDS:
        os.environ.setdefault("GONGKAI_DEBUG", "1")
    if args and args[0] in KEYLESS_COMMANDS:
        os.environ["GONGKAI_KEYLESS_COMMAND"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.HOME.mkdir(parents=True, exist_ok=True)
    except ImproperlyConfigured as exc:  # e.g. no secret key without DEBUG: refuse, clearly
        sys.stderr.write(f"gongkai：{exc}\n")
        raise SystemExit(2) from None
    execute_from_command_line(["gongkai", *args])


if __name__ == "__main__":
    main()
