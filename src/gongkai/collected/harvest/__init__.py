"""Harvesting published annual reports from agencies' websites (年度报告采集, Art. 49–50).

``gongkai annual harvest SITES.csv --year YEAR``: for each agency of the list, walk its own site
(robots.txt, a polite rate, retries — :mod:`gongkai.sitecheck.crawler`) to the report on YEAR, read
the page and its attachments with the annual-report parser, check it (勾稽), date it (Art. 49) and
write one JSON line. ``sites`` reads the list, ``pages`` reads one HTML page (links, dates,
attachments), ``walk`` harvests one agency (no Django), ``run`` runs many (resumable, worker
processes or Celery workers), ``importing`` keeps the results with the collected reports.
"""
