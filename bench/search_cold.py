"""First search after start-up (检索冷启动): is the first visitor's search as fast as the next?

    python bench/search_cold.py

Loads the demo into a temporary SQLite database, then starts a fresh Python process per mode —
GONGKAI_WARM_UP=0 (nothing loaded at start-up, as before) and GONGKAI_WARM_UP=1 (``gongkai.wsgi``
loads the URL configuration and the search analyser when the process starts) — and times, with
the test Client, the start-up itself and the first three searches (/search/?q=…). Prints one
``key=value`` line per mode.
"""

from __future__ import annotations

import os
import subprocess
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]

CHILD = r"""
import os, time
t0 = time.perf_counter()
import gongkai.wsgi  # noqa: F401 — what runserver and gunicorn load
startup = time.perf_counter() - t0
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client()
times = []
for q in ("低保", "医疗救助", "鄂民办发 2017 8"):
    t = time.perf_counter()
    assert client.get("/search/", {"q": q}).status_code == 200
    times.append(time.perf_counter() - t)
print(f"warm_up={os.environ['GONGKAI_WARM_UP']} startup_s={startup:.2f} "
      + " ".join(f"search{i + 1}_ms={t * 1000:.0f}" for i, t in enumerate(times)))
"""


def main() -> None:
    sys.path.insert(0, _HERE)
    from benchlib import demo_database

    with demo_database("gongkai-cold-", "sqlite", "", keep=True) as home:
        env = {**os.environ, "GONGKAI_HOME": home, "GONGKAI_DB": "sqlite", "GONGKAI_DEBUG": "0"}
        for mode in ("0", "1"):
            subprocess.run([sys.executable, "-c", CHILD], env={**env, "GONGKAI_WARM_UP": mode}, check=True)


if __name__ == "__main__":
    main()
