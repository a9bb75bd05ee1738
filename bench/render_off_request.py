"""Issue 11 item 17: what 送达 (send a signed letter) and 送审发布 (send a report to publication) cost in
the request, before (the PDF typeset and its text extracted inline) and after (queued off the request).

    .venv/bin/python bench/render_off_request.py [--repeat 3]

Before = GONGKAI_BACKGROUND=inline (the task runs in the caller, as the old code did); after = the
task queued (a no-op queue here: what a worker or the demo's thread then does is timed separately
as "task"). Letters: the pure renderer (freeze = DOCX + PDF) on a reply letter. Reports: the
demo agency 随州市民政局's report on last year through the staff page's POST, on SQLite.
"""

from __future__ import annotations

import argparse
import statistics
import time

from benchlib import demo_database


def letter_freeze(repeat: int) -> list[float]:
    from gongkai.rules.letters.render import freeze
    from gongkai.rules.letters.reply import compose_reply
    from gongkai.rules.letters.tests.conftest import make_facts

    letter = compose_reply("granted", make_facts(), provided="2024年度低保资金发放表")
    out = []
    for _ in range(repeat + 1):
        t0 = time.perf_counter()
        freeze(letter)
        out.append(time.perf_counter() - t0)
    return out  # the first one is cold (fonts loaded)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with demo_database("gongkai-bench-render-", "sqlite", "unused"):
        from django.conf import settings
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        from gongkai.agencies.models import Agency, User
        from gongkai.reports import services
        from gongkai.reports.models import AnnualReport
        from gongkai.reports.tasks import prepare_publication_task

        freeze_s = letter_freeze(args.repeat)
        print(
            f"letter freeze (DOCX+PDF, was inside 送达): cold {freeze_s[0]:.2f} s, warm median "
            f"{statistics.median(freeze_s[1:]):.2f} s"
        )
        agency = Agency.objects.get(slug="szmzj")
        admin, editor = User.objects.get(username="szmzj-admin"), User.objects.get(username="szmzj-editor")
        client = Client()
        client.force_login(editor)
        year = timezone.localdate().year - 1
        timings: dict[str, list[float]] = {"inline": [], "queued": [], "task": []}
        for i in range(2 * args.repeat):
            mode = "inline" if i % 2 == 0 else "queued"
            AnnualReport.objects.filter(agency=agency).delete()
            report = services.create_report(admin, agency, year - i // 2)
            services.finalise(admin, report, "基准测试")
            settings.GONGKAI_BACKGROUND = "inline" if mode == "inline" else "celery"
            queued = []
            prepare_publication_task.delay = lambda *a, q=queued: q.append(a)
            t0 = time.perf_counter()
            response = client.post(reverse("staff:report_act", args=[report.pk, "publish"]))
            timings[mode].append(time.perf_counter() - t0)
            assert response.status_code == 302
            if mode == "queued":
                settings.GONGKAI_BACKGROUND = "inline"
                t0 = time.perf_counter()
                prepare_publication_task(*queued[0])
                timings["task"].append(time.perf_counter() - t0)
        med = {k: statistics.median(v) for k, v in timings.items()}
        print(
            f"送审发布 request, PDF inline (before): median {med['inline']:.2f} s over {len(timings['inline'])}"
        )
        print(
            f"送审发布 request, queued (after):      median {med['queued'] * 1000:.0f} ms over {len(timings['queued'])}"
        )
        print(f"送审发布 task off the request:          median {med['task']:.2f} s")
        print(
            f"letter_freeze_s={statistics.median(freeze_s[1:]):.2f} publish_before_s={med['inline']:.2f} "
            f"publish_after_ms={med['queued'] * 1000:.0f} publish_task_s={med['task']:.2f}"
        )


if __name__ == "__main__":
    main()
