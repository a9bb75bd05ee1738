"""The write API for the agency's other systems (issue 18 item 4): thin views over
``write_services``. Authenticated by a token of the agency (``auth.py``), throttled per token,
idempotent on the client's ``Idempotency-Key`` (``idempotency.py``). The token's agency is the
scope: a record of another agency is answered 404, as in the staff pages."""

from __future__ import annotations

from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.views import APIView

from gongkai.agencies.models import Role
from gongkai.applications.forms import StaffApplicationForm
from gongkai.core.uploads import UploadError
from gongkai.disclosure.models import Document

from . import idempotency, write_services
from . import write_serializers as ws
from .auth import TokenAuthentication, TokenHasRole
from .throttling import TokenRateThrottle

KEY_HEADER = OpenApiParameter(
    idempotency.HEADER,
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="客户端为每个请求生成的唯一键（1至100个可见ASCII字符）。重试时用同一个键：内容相同则返回第一次的结果，不重复创建；内容不同则返回409。",
)


@contextmanager
def service_errors(files_field: str = "attachments"):
    """The services' refusals as API errors: Django ValidationError → 400 with field messages, an
    upload refused by ``core.uploads`` → 400 on the files field (Chinese throughout)."""
    try:
        yield
    except DjangoValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise exceptions.ValidationError(exc.message_dict) from None
        raise exceptions.ValidationError({"detail": exc.messages}) from None
    except UploadError as exc:
        raise exceptions.ValidationError({files_field: [str(exc)]}) from None


class WriteView(APIView):
    authentication_classes = [TokenAuthentication]
    permission_classes = [TokenHasRole]
    throttle_classes = [TokenRateThrottle]
    required_roles: tuple[Role, ...] = ()


def _draft_data(request, document) -> dict:
    document.api_attachments = list(document.attachments.order_by("pk"))
    document.staff_url = request.build_absolute_uri(reverse("staff:document", args=[document.pk]))
    return dict(ws.DraftSerializer(document).data)


class DraftCreate(WriteView):
    required_roles = (Role.EDITOR,)
    parser_classes = [MultiPartParser, JSONParser]

    @extend_schema(
        summary="新建草稿（可带附件）",
        description=(
            "在令牌所属机关新建一条主动公开信息的草稿。草稿须在工作平台中提交保密审查、经审查员审查通过后"
            "由工作人员发布，本接口不能发布。附件用 multipart/form-data 上传，检查与工作人员上传相同。"
            "需要“编辑”角色的令牌。"
        ),
        request={
            "multipart/form-data": ws.DraftCreateSerializer,
            "application/json": ws.DraftCreateSerializer,
        },
        responses={201: ws.DraftSerializer},
        parameters=[KEY_HEADER],
        tags=["写入接口"],
        operation_id="drafts_create",
    )
    def post(self, request):
        def work():
            ser = ws.DraftCreateSerializer(data=request.data)
            ser.is_valid(raise_exception=True)
            data = dict(ser.validated_data)
            files = data.pop("attachments", [])
            with service_errors():
                document = write_services.create_draft(request.user, data, files)
            return 201, _draft_data(request, document)

        return idempotency.once(request, request.auth, "drafts", work)


class DraftAttachments(WriteView):
    required_roles = (Role.EDITOR,)
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="为草稿添加附件",
        description="为本机关的一条草稿添加附件（只限草稿；其他机关的信息回答404）。需要“编辑”角色的令牌。",
        request={"multipart/form-data": ws.AttachmentAddSerializer},
        responses={201: ws.DraftSerializer},
        parameters=[
            KEY_HEADER,
            OpenApiParameter("id", int, OpenApiParameter.PATH, description="草稿编号"),
        ],
        tags=["写入接口"],
    )
    def post(self, request, pk: int):
        document = Document.objects.filter(pk=pk, agency_id=request.auth.agency_id).first()
        if document is None:
            raise exceptions.NotFound("没有找到本机关的这条信息。")

        def work():
            ser = ws.AttachmentAddSerializer(data=request.data)
            ser.is_valid(raise_exception=True)
            with service_errors():
                write_services.add_attachments(request.user, document, ser.validated_data["attachments"])
            document.refresh_from_db()
            return 201, _draft_data(request, document)

        return idempotency.once(request, request.auth, f"drafts/{pk}/attachments", work)


def _form_errors(form) -> dict:
    return {name: [str(m) for m in msgs] for name, msgs in form.errors.items()}


class ApplicationCreate(WriteView):
    required_roles = (Role.HANDLER,)
    parser_classes = [JSONParser]

    @extend_schema(
        summary="登记从其他渠道收到的申请",
        description=(
            "登记当面、邮寄、传真、电子邮件或口头提出的政府信息公开申请（第二十九条），与工作人员在平台中"
            "登记相同的检查。给出收到日期的，按第三十一条确认收到并开始计算答复期限。返回申请编号和查询码"
            "（平台只保存查询码的摘要；用同一个 Idempotency-Key 重试时返回同一结果）。需要“申请承办人”角色的令牌。"
        ),
        request=ws.ApplicationCreateSerializer,
        responses={201: ws.ApplicationSerializer},
        parameters=[KEY_HEADER],
        tags=["写入接口"],
        operation_id="applications_create",
    )
    def post(self, request):
        def work():
            ser = ws.ApplicationCreateSerializer(data=request.data)
            ser.is_valid(raise_exception=True)
            data = dict(ser.validated_data)
            received_on, note = data.pop("received_on", None), data.pop("receipt_note", "")
            form = StaffApplicationForm({k: ("" if v is None else v) for k, v in data.items()})
            if not form.is_valid():
                raise exceptions.ValidationError(_form_errors(form))
            clean = dict(form.cleaned_data)
            with service_errors():
                app, code = write_services.register_application(
                    request.user, clean, clean.pop("channel"), received_on, note
                )
            out = {
                "id": app.pk,
                "number": app.number,
                "access_code": code,
                "status": app.status,
                "channel": app.channel,
                "applied_on": app.applied_on,
                "received_on": app.received_on,
                "due_on": app.due_on,
                "staff_url": request.build_absolute_uri(reverse("staff:application", args=[app.pk])),
            }
            return 201, dict(ws.ApplicationSerializer(out).data)

        return idempotency.once(request, request.auth, "applications", work)
