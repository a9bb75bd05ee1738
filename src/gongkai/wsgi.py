import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    """Load the URL configuration and the search analyser now, not on the first visitor's request
    (the first search after start-up took 3–5 s while jieba loaded its dictionary)."""
    if os.environ.get("GONGKAI_WARM_UP", "1") != "1":
        return
    try:
        from django.template.loader import get_template
        from django.urls import reverse

        from gongkai.search.services import warm_up

        reverse("portal:index")  # imports every view module and builds the reverse table
        get_template("search/results.html")  # the template engine, its tag libraries, the page
        warm_up()
    except Exception:  # never keep the site from starting
        logging.getLogger(__name__).exception("warm-up failed")


_warm_up()
