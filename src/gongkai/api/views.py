"""The read API (/api/v1/): published records only, read through the apps' selectors.

Every view is GET only, anonymous, throttled per client (``throttling.py``) and paginated with a
stable order (``pagination.py``). Nothing here queries another app's tables directly."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.agencies import selectors as agencies
from gongkai.collected import selectors as collected
from gongkai.disclosure import selectors as disclosure
from gongkai.interaction import selectors as interaction
from gongkai.reports import selectors as reports

from . import serializers as s

ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="编号")


def _query(serializer_class, request):
    ser = serializer_class(data=request.query_params)
    ser.is_valid(raise_exception=True)
    return ser.validated_data


def _agency_path(pk):
    if not pk:
        return ""
    a = agencies.agency(pk)
    if a is None:
        raise NotFound("没有找到该机关。")
    return a.path


def document_context(view, docs, detail=False) -> dict:
    refs = {d.interprets_id for d in docs if d.interprets_id} | {
        d.amended_by_id for d in docs if d.amended_by_id
    }
    ctx = (
        view.get_serializer_context()
        if hasattr(view, "get_serializer_context")
        else {"request": view.request}
    )
    ctx["public_ids"] = disclosure.public_ids(refs) if refs else set()
    ctx["attachments"] = disclosure.attachments_of([d.pk for d in docs])
    return ctx


class AgencyList(APIView):
    @extend_schema(
        summary="机关树",
        description="平台上的全部机关，按层级顺序排列（上级在前）；`parent` 和 `children` 给出树的结构。",
        responses=s.AgencySerializer(many=True),
        tags=["机关"],
    )
    def get(self, request):
        items = list(agencies.agency_tree())
        children: dict[int, list[int]] = {}
        for a in items:
            if a.parent_id:
                children.setdefault(a.parent_id, []).append(a.pk)
        ctx = {"request": request, "children": children}
        return Response(s.AgencySerializer(items, many=True, context=ctx).data)


class AgencyDetail(APIView):
    @extend_schema(summary="一个机关", responses=s.AgencySerializer, parameters=[ID], tags=["机关"])
    def get(self, request, pk: int):
        a = agencies.agency(pk)
        if a is None:
            raise NotFound("没有找到该机关。")
        kids = [c.pk for c in agencies.agency_tree().filter(parent_id=a.pk)]
        ctx = {"request": request, "children": {a.pk: kids}}
        return Response(s.AgencySerializer(a, context=ctx).data)


class DocumentList(generics.ListAPIView):  # documented as a paginated list
    serializer_class = s.DocumentSerializer

    @extend_schema(
        summary="政府信息目录",
        operation_id="documents_list",
        description=(
            "已主动公开的政府信息（不含草稿、审查中、已撤回和定时未到的），按发布日期倒序、编号倒序排列。"
            "可按机关（含下级）、主题分类、体裁、效力状态、文号、发布日期范围和修改时间筛选。"
        ),
        parameters=[s.DocumentQuerySerializer],
        tags=["政府信息"],
    )
    def get(self, request):
        q = _query(s.DocumentQuerySerializer, request)
        filters = disclosure.DocumentFilters(
            agency_path=_agency_path(q.get("agency")),
            category=q.get("category", ""),
            genre=q.get("genre", ""),
            validity=q.get("validity", ""),
            doc_number=q.get("doc_number", ""),
            published_from=q.get("published_from"),
            published_to=q.get("published_to"),
            updated_since=q.get("updated_since"),
        )
        page = self.paginate_queryset(disclosure.public_documents(filters))
        ser = s.DocumentSerializer(page, many=True, context=document_context(self, page))
        return self.get_paginated_response(ser.data)


class DocumentDetail(generics.GenericAPIView):
    serializer_class = s.DocumentDetailSerializer
    pagination_class = None

    @extend_schema(summary="一条政府信息", parameters=[ID], tags=["政府信息"])
    def get(self, request, pk: int):
        doc = disclosure.public_document(pk)
        if doc is None:
            raise NotFound()
        ctx = document_context(self, [doc])
        ctx["interpretations"] = list(disclosure.interpretations(doc))
        ctx["amends"] = list(disclosure.amends(doc))
        ctx["validity_chain"] = disclosure.validity_chain(doc)
        return Response(s.DocumentDetailSerializer(doc, context=ctx).data)


class Search(APIView):
    @extend_schema(
        summary="全文检索",
        description="与门户“信息检索”相同的检索服务和规则（分词、同义词、繁简转换），只检索已公开的政府信息。",
        parameters=[s.SearchQuerySerializer],
        responses=s.SearchResultSerializer,
        tags=["检索"],
    )
    def get(self, request):
        from django.urls import reverse

        from gongkai.search.backends.base import Filters
        from gongkai.search.services import search

        q = _query(s.SearchQuerySerializer, request)
        filters = Filters(category=q.get("category", ""), genre=q.get("genre", ""))
        if q.get("agency"):
            a = agencies.agency_by_slug(q["agency"])
            if a is None:
                raise NotFound(f"没有找到机关“{q['agency']}”。")
            filters.agency_path = a.path
        filters.year = q.get("year")
        filters.validity = q.get("validity", "")
        found = search(q["q"], filters, q["sort"], q["page"], q["page_size"])
        r = found.result
        hits = []
        for h in found.hits:
            row = h.as_json()
            row["url"] = request.build_absolute_uri(row["url"])
            row["api_url"] = request.build_absolute_uri(reverse("api:document", args=[h.id]))
            hits.append(row)
        data = {
            "count": r.total,
            "count_is_estimate": r.total_is_estimate,
            "page": r.page,
            "page_size": r.page_size,
            "pages": r.pages,
            "message": r.message,
            "results": hits,
        }
        return Response(s.SearchResultSerializer(data).data)


class AnnualReportList(generics.ListAPIView):  # documented as a paginated list
    serializer_class = s.AnnualReportSerializer

    @extend_schema(
        summary="已公开的年度报告",
        operation_id="annual_reports_list",
        description="各机关已公开的政府信息公开工作年度报告（第五十条），详情给出交换格式的JSON和勾稽检查结果。",
        parameters=[s.ReportQuerySerializer],
        tags=["年度报告"],
    )
    def get(self, request):
        q = _query(s.ReportQuerySerializer, request)
        qs = reports.published_reports(_agency_path(q.get("agency")), q.get("year"))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class AnnualReportDetail(generics.GenericAPIView):
    serializer_class = s.AnnualReportDetailSerializer
    pagination_class = None

    @extend_schema(summary="一份已公开的年度报告（JSON及勾稽检查）", parameters=[ID], tags=["年度报告"])
    def get(self, request, pk: int):
        report = reports.published_report(pk)
        if report is None:
            raise NotFound()
        report.api_findings = reports.report_findings(report)
        return Response(self.get_serializer(report).data)


class CollectedReportList(generics.ListAPIView):  # documented as a paginated list
    serializer_class = s.CollectedReportSerializer

    @extend_schema(
        summary="收集的年度报告",
        operation_id="collected_reports_list",
        description="从各机关公开网页收集、解析的年度报告（含平台外机关），详情给出JSON和勾稽检查结果。",
        parameters=[s.CollectedQuerySerializer],
        tags=["年度报告"],
    )
    def get(self, request):
        q = _query(s.CollectedQuerySerializer, request)
        page = self.paginate_queryset(collected.collected_reports(q.get("year"), q.get("agency_name", "")))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class CollectedReportDetail(generics.GenericAPIView):
    serializer_class = s.CollectedReportDetailSerializer
    pagination_class = None

    @extend_schema(summary="一份收集的年度报告（JSON及勾稽检查）", parameters=[ID], tags=["年度报告"])
    def get(self, request, pk: int):
        report = collected.collected_report(pk)
        if report is None:
            raise NotFound()
        return Response(self.get_serializer(report).data)


def _reply_context(view, items) -> dict:
    ctx = view.get_serializer_context()
    ids = [m.document_id_published for m in items if m.document_id_published]
    ctx["public_ids"] = disclosure.public_ids(ids) if ids else set()
    return ctx


class ReplyList(generics.ListAPIView):  # documented as a paginated list
    serializer_class = s.ReplySerializer

    @extend_schema(
        summary="公开的互动回应",
        operation_id="interaction_replies_list",
        description="经留言人同意、审核后公开的留言和答复（不含留言人姓名和联系方式），按公开时间倒序。",
        parameters=[s.ReplyQuerySerializer],
        tags=["政民互动"],
    )
    def get(self, request):
        q = _query(s.ReplyQuerySerializer, request)
        page = self.paginate_queryset(interaction.published_under(_agency_path(q.get("agency"))))
        return self.get_paginated_response(
            self.get_serializer(page, many=True, context=_reply_context(self, page)).data
        )


class ReplyDetail(generics.GenericAPIView):
    serializer_class = s.ReplySerializer
    pagination_class = None

    @extend_schema(summary="一条公开的互动回应", parameters=[ID], tags=["政民互动"])
    def get(self, request, pk: int):
        msg = interaction.published_reply(pk)
        if msg is None:
            raise NotFound()
        return Response(self.get_serializer(msg, context=_reply_context(self, [msg])).data)


class Figures(APIView):
    @extend_schema(
        summary="年度数据",
        description=(
            "一个机关一年的数据：依申请公开情况表等取自该年度已公开的年度报告（未公开则为空），"
            "政民互动统计按记录实时计算（只有数量和比率）。"
        ),
        parameters=[s.FiguresQuerySerializer],
        responses=s.FiguresSerializer,
        tags=["年度报告"],
    )
    def get(self, request):
        q = _query(s.FiguresQuerySerializer, request)
        a = agencies.agency(q["agency"])
        if a is None:
            raise NotFound("没有找到该机关。")
        report = reports.published_report_of(a.pk, q["year"])
        data = (report.data or {}) if report else {}
        out = {
            "agency": a,
            "year": q["year"],
            "annual_report": report.pk if report else None,
            "applications": data.get("applications"),
            "active_disclosure": data.get("active_disclosure"),
            "appeals": data.get("appeals"),
            "interaction": interaction.year_stats(a, q["year"], timezone.localdate()),
        }
        return Response(s.FiguresSerializer(out).data)
