"""Demo data of the portal frame and its columns: the site profile (every footer item set), and a
few published documents that fill the agency home's columns — a 规范性文件 with its 政策解读, an
amended one pointing to its new version, a 预算, a 统计 and a 许可 item — plus an attachment."""

from __future__ import annotations

from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.disclosure.importing import import_documents
from gongkai.disclosure.models import Attachment, Document, Validity
from gongkai.portal.models import SiteProfile

SITE = {
    "site_name": "政府信息公开平台（演示）",
    "domain": "gongkai.example.gov.cn",
    "sponsor": "湖北省民政厅",
    "organizer": "湖北省民政厅办公室",
    "contact": "027-00000000（演示号码）",
    "site_code": "4200000001",
    "icp": "鄂ICP备00000000号",
    "police_record": "鄂公网安备 42000000000000号",
    "emblem": "/static/gongkai/emblem-placeholder.svg",
}
AGENCY_SITES = {
    "szmzj": {
        "sponsor": "随州市民政局",
        "organizer": "随州市民政局办公室",
        "site_code": "4213000002",
        "contact": "0722-0000000（演示号码）",
    },
}
_P = "<p>{}</p>"
ROWS = {
    "hbmzt": [
        {
            "信息名称": "湖北省民政厅关于印发《湖北省最低生活保障审核确认办法》的通知",
            "主题分类": "16",
            "体裁": "办法",
            "文号": "鄂民政规〔2021〕3号",
            "发布日期": "2021-09-10 09:30",
            "成文日期": "2021-09-01",
            "规范性文件类型": "行政规范性文件",
            "关键词": "最低生活保障 审核确认",
            "内容概述": "规范全省最低生活保障审核确认工作。",
            "正文": "各市、州、直管市、神农架林区民政局：\n现将《湖北省最低生活保障审核确认办法》印发给你们，请认真贯彻执行。\n湖北省民政厅\n2021年9月1日",
        },
        {
            "信息名称": "湖北省民政厅关于印发《湖北省最低生活保障审核审批办法（试行）》的通知",
            "主题分类": "16",
            "体裁": "办法",
            "文号": "鄂民政规〔2018〕2号",
            "发布日期": "2018-05-04 10:00",
            "成文日期": "2018-04-28",
            "规范性文件类型": "行政规范性文件",
            "关键词": "最低生活保障",
            "正文": "各市、州、直管市、神农架林区民政局：\n现将《湖北省最低生活保障审核审批办法（试行）》印发给你们。\n湖北省民政厅\n2018年4月28日",
        },
        {
            "信息名称": "《湖北省最低生活保障审核确认办法》政策解读",
            "主题分类": "16",
            "体裁": "政策解读",
            "发布日期": "2021-09-12 15:00",
            "关键词": "最低生活保障 解读",
            "正文": "一、制定背景\n为进一步规范最低生活保障审核确认工作，制定本办法。\n二、主要内容\n明确了申请、审核、确认和动态管理的程序。",
        },
        {
            "信息名称": "湖北省民政厅2023年部门预算公开",
            "主题分类": "03",
            "体裁": "报告",
            "发布日期": "2023-02-10 09:00",
            "正文": "根据预算公开的有关规定，现将湖北省民政厅2023年部门预算公开如下。",
        },
        {
            "信息名称": "2023年湖北省民政事业统计数据",
            "主题分类": "16",
            "体裁": "报告",
            "发布日期": "2024-03-20 09:00",
            "正文": "2023年全省民政事业统计数据如下。",
        },
        {
            "信息名称": "湖北省民政厅行政许可事项清单",
            "主题分类": "16",
            "体裁": "其他",
            "发布日期": "2022-06-01 09:00",
            "正文": "本厅实施的行政许可事项清单如下。",
        },
        {
            "信息名称": "湖北省民政厅政府信息公开工作制度",
            "主题分类": "92",
            "体裁": "规定",
            "发布日期": "2020-04-01 09:00",
            "正文": "为规范本厅政府信息公开工作，制定本制度。",
        },
    ],
}
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@transaction.atomic
def load_portal_demo() -> None:
    """After ``load_demo``. Idempotent: rows already imported are skipped, links and profiles set again."""
    by_slug = {a.slug: a for a in Agency.objects.filter(slug__in=["hbmzt", "szmzj"])}
    SiteProfile.objects.update_or_create(agency=None, defaults=SITE)
    for slug, values in AGENCY_SITES.items():
        SiteProfile.objects.update_or_create(agency=by_slug[slug], defaults=values)
    for slug, rows in ROWS.items():
        import_documents(by_slug[slug], rows, actor_label="演示数据")
    hubei = by_slug["hbmzt"]
    docs = {d.title: d for d in Document.objects.filter(agency=hubei)}
    new = docs[ROWS["hbmzt"][0]["信息名称"]]
    old = docs[ROWS["hbmzt"][1]["信息名称"]]
    reading = docs[ROWS["hbmzt"][2]["信息名称"]]
    Document.objects.filter(pk=old.pk).update(validity=Validity.AMENDED, amended_by=new)
    Document.objects.filter(pk=reading.pk).update(interprets=new)
    if not new.attachments.exists():
        from django.core.files.base import ContentFile

        att = Attachment(
            document=new,
            name="湖北省最低生活保障审核确认办法.pdf",
            kind="pdf",
            size=len(PDF),
            sha256="0" * 64,
        )
        att.file.save("demo.pdf", ContentFile(PDF), save=False)
        att.save()
