"""The portal search page (/search/) and its JSON twin (/api/search)."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render

from .analysis import QueryError
from .backends.base import SORTS, Filters
from .services import search

VALIDITY_LABELS = {"valid": "有效", "expired": "失效", "repealed": "废止", "amended": "已修订"}


def _params(request) -> tuple[str, Filters, str, int, dict]:
    """Read q, agency (slug), category (code), genre, year, validity, sort, page; raise QueryError."""
    from gongkai.agencies.models import Agency

    get = request.GET
    q = get.get("q", "").strip()
    form = {k: get.get(k, "").strip() for k in ("agency", "category", "genre", "year", "validity", "sort")}
    filters = Filters(category=form["category"], genre=form["genre"])
    if form["agency"]:
        agency = Agency.objects.filter(slug=form["agency"]).first()
        if agency is None:
            raise QueryError(f"没有找到机关“{form['agency']}”。")
        filters.agency_path = agency.path
        form["agency_name"] = agency.name
    if form["year"]:
        if not (form["year"].isdigit() and len(form["year"]) == 4):
            raise QueryError("年份应为四位数字，如 2024。")
        filters.year = int(form["year"])
    if form["validity"]:
        if form["validity"] not in VALIDITY_LABELS:
            raise QueryError("效力状态只能是有效、失效、废止或已修订。")
        filters.validity = form["validity"]
    sort = form["sort"] or "relevance"
    if sort not in SORTS:
        raise QueryError("排序方式只能是“相关度”或“日期”。")
    page_text = get.get("page", "1").strip() or "1"
    if not page_text.isdigit():
        raise QueryError("页码应为正整数。")
    return q, filters, sort, int(page_text), form


def _facets() -> dict:
    from gongkai.agencies.models import Agency
    from gongkai.disclosure.models import Category, Genre

    return {
        "agencies": Agency.objects.order_by("path"),
        "categories": Category.objects.all(),
        "genres": Genre.objects.all(),
        "validities": VALIDITY_LABELS,
    }


def _page_url(request, page: int, **changes) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    for key, value in changes.items():
        params[key] = value
    return "?" + params.urlencode()


def search_page(request):
    context = {"q": request.GET.get("q", "").strip(), "form": {}, **_facets()}
    if "q" in request.GET:
        try:
            q, filters, sort, page, form = _params(request)
            context["form"] = form
            found = search(q, filters, sort, page)
        except QueryError as exc:
            context["error"] = str(exc)
        else:
            r = found.result
            context.update(
                found=found,
                result=r,
                hits=found.hits,
                page=page,
                sort=sort,
                start=(page - 1) * r.page_size + 1,
                previous_url=_page_url(request, page - 1) if page > 1 else "",
                next_url=_page_url(request, page + 1) if page < r.pages else "",
                sort_urls={s: _page_url(request, 1, sort=s) for s in SORTS},
            )
    return render(request, "search/results.html", context)


def search_api(request):
    try:
        q, filters, sort, page, _form = _params(request)
        found = search(q, filters, sort, page)
    except QueryError as exc:
        return JsonResponse({"error": str(exc)}, status=400, json_dumps_params={"ensure_ascii": False})
    r = found.result
    return JsonResponse(
        {
            "query": q,
            "searched_as": r.query.text,
            "message": r.message,
            "total": r.total,
            "total_is_estimate": r.total_is_estimate,
            "page": r.page,
            "pages": r.pages,
            "page_size": r.page_size,
            "hits": [h.as_json() for h in found.hits],
        },
        json_dumps_params={"ensure_ascii": False},
    )
