"""数据开放: the datasets the platform offers for download, with their metadata."""

from __future__ import annotations

from django.shortcuts import render


def page(request):
    return render(request, "api/opendata.html", {"datasets": []})
