"""Demo data: the agencies of the seed pages, their staff, and the five seed pages published as
documents with metadata read from the pages themselves."""

from __future__ import annotations

import re
from pathlib import Path

from django.db import transaction

from gongkai.agencies.models import Agency, AgencyKind, Role, User
from gongkai.disclosure.importing import import_documents
from gongkai.rules.text import remove_pinyin_residue, to_simplified

SEEDS = Path(__file__).parent / "seeds"
DEMO_PASSWORD = "gongkai-demo-2025"  # noqa: S105 - the published demo password (README)
CALENDAR_AGENCY = "hbmzt"  # its admin is the platform's holiday-calendar administrator

# (slug, name, short name, index code, kind, parent slug, guide contacts). Codes are demo values.
AGENCIES = [
    (
        "hbmzt",
        "湖北省民政厅",
        "省民政厅",
        "011043196",
        AgencyKind.DEPARTMENT,
        None,
        {
            "office_name": "湖北省民政厅办公室",
            "address": "湖北省武汉市",
            "office_hours": "法定工作日 上午8:30-12:00 下午14:00-17:30",
        },
    ),
    (
        "szmzj",
        "随州市民政局",
        "市民政局",
        "011330421",
        AgencyKind.DEPARTMENT,
        "hbmzt",
        {"office_name": "随州市民政局办公室", "address": "湖北省随州市"},
    ),
    (
        "yymzj",
        "岳阳市民政局",
        "市民政局",
        "006220735",
        AgencyKind.DEPARTMENT,
        None,
        {"office_name": "岳阳市民政局办公室", "address": "湖南省岳阳市"},
    ),
    (
        "pymzj",
        "濮阳市民政局",
        "市民政局",
        "005418763",
        AgencyKind.DEPARTMENT,
        None,
        {"office_name": "濮阳市民政局办公室", "address": "河南省濮阳市"},
    ),
    (
        "nfqzf",
        "南芬区人民政府",
        "南芬区政府",
        "001209357",
        AgencyKind.GOVERNMENT,
        None,
        {"office_name": "南芬区人民政府办公室", "address": "辽宁省本溪市南芬区"},
    ),
]

_META = {
    "index_number": r"索\s*引\s*号[:：]\s*([0-9A-Za-z]+/\d{4}-\d+)",
    "written_on": r"(?:成文日期|发文日期)[:：]\s*(\d{4}-\d{2}-\d{2})",
    "published_at": r"(?:发布日期|发布时间)[:：]\s*(\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?)",
    "doc_number": r"文\s*号[:：]\s*(\S+〔\d{4}〕\d+号)",
    "category": r"(?:主题分类|分\s*类)[:：]\s*(\S+)",
    "publisher": r"发布机构[:：]\s*(\S+)",
    "validity": r"效力状态[:：]\s*(\S+)",
}

# Per seed: agency, where the body starts (a line that begins with it), chrome lines to drop, and
# what the page does not say (title of 003, categories where the page has none).
SEED_SPECS = [
    {
        "file": "000_",
        "agency": "pymzj",
        "title_line": 3,
        "body_from": "根据",
        "category": "政务公开工作",
        "genre": "报告",
        "written_from_signature": True,
    },
    {
        "file": "001_",
        "agency": "yymzj",
        "title_line": 0,
        "body_from": "根据",
        "category": "政府信息公开年度报告",
        "genre": "年度报告",
    },
    {"file": "002_", "agency": "nfqzf", "title_line": 6, "body_from": "根据", "genre": "报告"},
    # The 随州 page carries neither title nor dates: the title is its first sentence's subject and the
    # publication date a stand-in (the report on 2017 was published in early 2018).
    {
        "file": "003_",
        "agency": "szmzj",
        "title": "随州市民政局2017年政务信息公开工作情况",
        "body_from": "2017年",
        "published_at": "2018-01-01",
        "category": "政务公开工作",
        "genre": "报告",
        "traditional": True,
    },
    {"file": "004_", "agency": "hbmzt", "title_line": 2, "body_from": "厅机关各处室", "genre": "通知"},
]
_CHROME = re.compile(
    r"^(扫一扫|掃一掃|您访问的链接|您訪問的鏈接|您的浏览器|您的瀏覽器|为了更好|為了更好|已阅|\?$)"
)


def seed_row(spec: dict) -> dict[str, str]:
    path = next(SEEDS.glob(spec["file"] + "*.txt"))
    text = path.read_text(encoding="utf-8")
    if spec.get("traditional"):
        text = to_simplified(remove_pinyin_residue(text))
    lines = text.splitlines()
    head = "\n".join(lines[:12])
    row = {k: m.group(1) for k, rx in _META.items() if (m := re.search(rx, head))}
    row["title"] = spec.get("title") or lines[spec["title_line"]].strip()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(spec["body_from"]))
    body = [line for line in lines[start:] if not _CHROME.match(line.strip())]
    row["body"] = "\n".join(body).strip()
    if spec.get("written_from_signature"):
        m = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日\s*$", row["body"])
        if m:
            row["written_on"] = f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
    row.setdefault("category", spec.get("category", "其他"))
    row["genre"] = spec.get("genre", "")
    if "published_at" in spec:
        row.setdefault("published_at", spec["published_at"])
    return row


# 告知书设置: the 机关代字 of the letters' number and the 行政复议机关 (行政复议法 2023 Art. 24: a
# department's is the 本级人民政府, a district government's the city government). 濮阳市民政局 is
# left without one, so the demo shows the 【请填写行政复议机关】 gap and the refused signature.
LETTER_SETTINGS = {
    "hbmzt": ("鄂民依公开", "湖北省人民政府"),
    "szmzj": ("随民依公开", "随州市人民政府"),
    "yymzj": ("岳民依公开", "岳阳市人民政府"),
    "pymzj": ("濮民依公开", ""),
    "nfqzf": ("南政依公开", "本溪市人民政府"),
}


def _letter_settings(by_slug: dict[str, Agency]) -> None:
    from gongkai.applications.models import LetterSettings

    for slug, (prefix, body) in LETTER_SETTINGS.items():
        LetterSettings.objects.get_or_create(
            agency=by_slug[slug], defaults={"number_prefix": prefix, "reconsideration_body": body}
        )


@transaction.atomic
def load_demo() -> list[tuple[str, str]]:
    """Create (or leave as they are) the demo agencies, staff and documents. Returns the logins."""
    by_slug: dict[str, Agency] = {}
    for slug, name, short, code, kind, parent, contacts in AGENCIES:
        agency, _ = Agency.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "short_name": short,
                "code": code,
                "kind": kind,
                "parent": by_slug.get(parent),
                **contacts,
            },
        )
        by_slug[slug] = agency
    _letter_settings(by_slug)
    logins = []
    for slug, agency in by_slug.items():
        admin_roles = [Role.AGENCY_ADMIN, Role.HANDLER, Role.OFFICE_HEAD, Role.LEADER]
        if slug == CALENDAR_AGENCY:  # the top agency's admin enters the yearly holiday notice
            admin_roles.append(Role.CALENDAR_ADMIN)
        for suffix, roles in (
            ("editor", [Role.EDITOR]),
            ("reviewer", [Role.REVIEWER]),
            ("admin", admin_roles),
        ):
            username = f"{slug}-{suffix}"
            user = User.objects.filter(username=username).first()
            if user is None:
                User.objects.create_user(
                    username,
                    password=DEMO_PASSWORD,
                    agency=agency,
                    roles=roles,
                    full_name=f"{agency.short_name}{dict(Role.choices)[roles[0]]}",
                    is_demo_account=True,
                )
            elif set(roles) - set(user.roles):
                user.roles = sorted(set(user.roles) | set(roles))
                user.save(update_fields=["roles"])
            logins.append((username, "、".join(dict(Role.choices)[r] for r in roles)))
    if not User.objects.filter(username="hbmzt-supervisor").exists():
        User.objects.create_user(
            "hbmzt-supervisor",
            password=DEMO_PASSWORD,
            agency=by_slug["hbmzt"],
            roles=[Role.SUPERVISOR],
            full_name="省民政厅政务公开办",
            is_demo_account=True,
        )
    logins.append(("hbmzt-supervisor", "监督（只读下级）"))
    # 三员分立: the security and audit administrators of the province's tree.
    for username, role, name in (
        ("hbmzt-security", Role.SECURITY_ADMIN, "省民政厅安全管理员"),
        ("hbmzt-auditor", Role.AUDIT_ADMIN, "省民政厅审计管理员"),
    ):
        if not User.objects.filter(username=username).exists():
            User.objects.create_user(
                username,
                password=DEMO_PASSWORD,
                agency=by_slug["hbmzt"],
                roles=[role],
                full_name=name,
                is_demo_account=True,
            )
        logins.append((username, dict(Role.choices)[role]))
    for spec in SEED_SPECS:
        import_documents(by_slug[spec["agency"]], [seed_row(spec)], actor_label="演示数据")
    from gongkai.sitecheck.models import InspectedSite

    # The agency's own portal on this demo server, inspected on the schedule (网站自查).
    InspectedSite.objects.get_or_create(
        agency=by_slug["szmzj"],
        start_url="http://127.0.0.1:8000/szmzj/",
        defaults={"name": "随州市民政局门户（本平台）", "config": {"max_pages": 200}},
    )
    from gongkai.interaction.demo import load as load_interaction

    logins += load_interaction(by_slug)
    from gongkai.applications.demo import load as load_applications

    load_applications(by_slug)  # 依申请公开: a case in every state (after interaction: its szmzj-handler)
    __import__("gongkai.delivery.demo", fromlist=["load"]).load(by_slug)  # 部分公开 with a redacted PDF
    __import__("gongkai.collected.demo", fromlist=["load"]).load()  # 年报检查: agencies outside the platform
    return logins
