"""The demo cases of 依申请公开 as data: who applies to which agency, with which fixed 查询码, how
many working days ago, and the steps each case goes through (receipt 第三十一条, 补正 第三十条,
consultation 第三十二条, extension 第三十三条第一款, a reply drafted, signed and sent 第三十六条,
a reply linking a published document 第三十六条第（一）项, reading in place 第四十条, the same
information asked by three applicants 第四十四条). :mod:`.demo` plays them through the services.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Channel
from .validators import _CHECK, _WEIGHTS


def _id(first17: str) -> str:
    """A resident ID number with its GB 11643 check digit (the people are fictional)."""
    return first17 + _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


@dataclass(frozen=True)
class Scenario:
    """One demo case. Days are working days before today; ``steps`` name what happens to it."""

    key: str
    agency: str
    code: str  # the fixed 查询码 (letters of intake._CODE_ALPHABET)
    channel: str
    submitted: int  # working days ago (0: yesterday evening, an online form sent after hours)
    applicant: dict
    steps: tuple[tuple, ...] = field(default=())


def _person(name: str, id17: str, phone: str, address: str, description: str, **more) -> dict:
    return {
        "applicant_kind": "natural_person",
        "applicant_name": name,
        "id_type": "resident_id",
        "id_number": _id(id17),
        "phone": phone,
        "email": more.pop("email", ""),
        "address": address,
        "postcode": more.pop("postcode", "441300"),
        "description": description,
        "medium": more.pop("medium", "electronic"),
        "delivery": more.pop("delivery", "email"),
        **more,
    }


# Steps: ("receipt", days ago, how) · ("assign",) · ("supplement", days ago, items, period) ·
# ("consult", days ago, party) · ("extend", days ago, days, reason) · ("draft", days ago, outcome,
# details) · ("published", days ago, title of the agency's published document: an Art. 36(一)
# reply linking it) · ("sign", days ago) · ("send", days ago).
SCENARIOS = (
    Scenario(
        "szmzj-overdue",
        "szmzj",
        "SZK7M2QA",
        Channel.REGISTERED_POST,
        30,
        _person(
            "刘某华",
            "42130319590205121",
            "13872201187",
            "湖北省随州市曾都区西城街道某社区8栋",
            "2025年度随州市婚姻登记数量统计数据（结婚登记、离婚登记分县市区的件数）。",
            purpose="撰写社区婚姻家庭情况调查报告",
            medium="paper",
            delivery="post",
            applied_on=33,
        ),
        (("receipt", 30, "EMS邮件签收，邮件号1157 3360 2214"), ("assign",)),
    ),
    Scenario(
        "szmzj-extended",
        "szmzj",
        "SZP4W8ND",
        Channel.ONLINE,
        26,
        _person(
            "陈某芳",
            "42132119881017301",
            "15971302246",
            "湖北省随州市随县厉山镇某村3组",
            "2021年至2025年随县各乡镇农村特困人员集中供养人数及供养标准。",
            email="chen.demo@example.cn",
            document_title="随县特困人员供养情况统计",
        ),
        (
            ("receipt", 25, "电话与申请人确认"),
            ("assign",),
            ("extend", 7, 20, "涉及各乡镇五年的供养数据，需调取档案逐年核对"),
        ),
    ),
    Scenario(
        "szmzj-closed",
        "szmzj",
        "SZR3H6TB",
        Channel.ONLINE,
        21,
        _person(
            "张某明",
            "42130319780312052",
            "13907221135",
            "湖北省随州市曾都区东城街道某小区2单元",
            "随州市2025年度城乡最低生活保障资金发放情况（各县市区保障人数和发放金额）。",
            email="zhang.demo@example.cn",
        ),
        (
            ("receipt", 20, "网上申请系统与申请人确认"),
            ("assign",),
            (
                "draft",
                13,
                "granted",
                {"provided": ["《随州市2025年度城乡最低生活保障资金发放情况统计表》"], "pages": 3},
            ),
            ("sign", 12),
            ("send", 12),
        ),
    ),
    Scenario(
        "szmzj-signature",
        "szmzj",
        "SZU9C4LE",
        Channel.ONLINE,
        16,
        _person(
            "王某丽",
            "42138119920115042",
            "18672213358",
            "湖北省广水市应山街道某路16号",
            "2026年上半年广水市临时救助对象名单及救助金额。",
            email="wang.demo@example.cn",
        ),
        (
            ("receipt", 15, "网上申请系统与申请人确认"),
            ("assign",),
            (
                "draft",
                1,
                "partially_granted",
                {
                    "provided": [
                        "《2026年上半年广水市临时救助资金发放汇总表》（按乡镇汇总的救助人次和金额）"
                    ],
                    "pages": 2,
                    "withheld": "救助对象的姓名、身份证号码和家庭住址",
                    "withheld_ground": "withheld.third_party_rights",
                    "what": "临时救助对象的个人信息",
                },
            ),
        ),
    ),
    Scenario(
        "szmzj-consulting",
        "szmzj",
        "SZF2V7XG",
        Channel.IN_PERSON,
        13,
        _person(
            "李某军",
            "42130319660908211",
            "13593851427",
            "湖北省随州市曾都区南郊街道某路22号",
            "2025年度随州市民办养老机构运营补贴发放明细（各机构名称、床位数和补贴金额）。",
            delivery="pickup",
            medium="paper",
        ),
        (
            ("receipt", 13, "申请人当面递交，当场出具回执"),
            ("assign",),
            ("consult", 6, "随州市曾都区康乐颐养院（民办养老机构）"),
        ),
    ),
    Scenario(
        "szmzj-supplement",
        "szmzj",
        "SZJ5N3YH",
        Channel.ONLINE,
        11,
        _person(
            "赵某强",
            "42132119850726131",
            "15827221964",
            "湖北省随州市随县万和镇某村",
            "临时救助的相关文件和数据。",
            email="zhao.demo@example.cn",
        ),
        (
            ("receipt", 10, "电话与申请人确认"),
            ("assign",),
            (
                "supplement",
                8,
                "请写明所需“临时救助”信息的具体内容：是政策文件、救助标准，还是救助人数和金额等数据\n"
                "请写明所需信息的时间范围（如2025年度）和地域范围（全市或某县市区）",
                15,
            ),
        ),
    ),
    Scenario(
        "szmzj-counter",
        "szmzj",
        "SZD8B2ZK",
        Channel.IN_PERSON,
        1,
        _person(
            "孙某梅",
            "42130319950819062",
            "13872256603",
            "湖北省随州市曾都区北郊街道某社区",
            "随州市2026年养老服务补贴（高龄津贴）发放标准及申领条件的文件。",
            medium="paper",
            delivery="pickup",
            document_title="随州市高龄津贴发放办法",
        ),
        (("receipt", 1, "申请人当面递交，当场出具回执"), ("assign",)),
    ),
    # Art. 44: two more applicants ask for the 低保 figures answered in szmzj-closed (予以公开): a
    # group of three — the handler is prompted to publish them proactively.
    Scenario(
        "szmzj-same-1",
        "szmzj",
        "SZH4T7QB",
        Channel.ONLINE,
        9,
        _person(
            "黄某伟",
            "42130319830421073",
            "13872290415",
            "湖北省随州市曾都区南郊街道某小区",
            "请公开随州市2025年度城乡最低生活保障资金的发放情况。",
            email="huang.demo@example.cn",
        ),
        (("receipt", 8, "网上申请系统与申请人确认"), ("assign",)),
    ),
    Scenario(
        "szmzj-same-2",
        "szmzj",
        "SZM8K3WD",
        Channel.REGISTERED_POST,
        6,
        _person(
            "何某静",
            "42132119900703084",
            "15997301128",
            "湖北省随州市随县安居镇某村",
            "2025年度随州市城乡最低生活保障资金发放人数和金额（分县市区）。",
            medium="paper",
            delivery="post",
        ),
        (("receipt", 5, "挂号信签收"), ("assign",)),
    ),
    # Art. 36(一): what is asked is already in the catalogue — the reply links its page.
    Scenario(
        "szmzj-published",
        "szmzj",
        "SZQ2N6VE",
        Channel.ONLINE,
        10,
        _person(
            "马某兰",
            "42130319870509126",
            "18672205531",
            "湖北省随州市曾都区西城街道某路3号",
            "随州市民政局2017年政务信息公开工作情况的报告。",
            email="ma.demo@example.cn",
        ),
        (
            ("receipt", 9, "网上申请系统与申请人确认"),
            ("assign",),
            ("published", 4, "随州市民政局2017年政务信息公开工作情况"),
            ("sign", 3),
            ("send", 3),
        ),
    ),
    # Art. 40: paper copies by post asked for; hand-written originals are read in place instead.
    Scenario(
        "szmzj-inspect",
        "szmzj",
        "SZV5J9RF",
        Channel.REGISTERED_POST,
        8,
        _person(
            "罗某平",
            "42130319560817031",
            "13797831146",
            "湖北省随州市曾都区东城街道某巷5号",
            "1985年至1990年随州市（原随州市民政局）婚姻登记工作的批复文件。",
            medium="paper",
            delivery="post",
        ),
        (
            ("receipt", 7, "挂号信签收"),
            ("assign",),
            (
                "draft",
                1,
                "granted",
                {
                    "provided": ["1985年至1990年婚姻登记工作批复文件（档案原件，共41页）"],
                    "form": {
                        "delivery": "inspect",
                        "ground": "carrier_safety",
                        "reason": "所申请信息为手写档案原件，纸张老化脆裂，复印或扫描可能造成损坏",
                        "arrangement": "请于收到本告知书后10个工作日内的工作时间，携带身份证件到本机关档案室"
                        "（随州市民政局二楼）查阅、抄录",
                    },
                },
            ),
        ),
    ),
    Scenario(
        "szmzj-new",
        "szmzj",
        "SZW6G9PC",
        Channel.ONLINE,
        0,
        _person(
            "周某宇",
            "42130319731130054",
            "13986637729",
            "湖北省随州市曾都区东城街道某路9号",
            "2024年至2026年随州市婚姻登记处预约办理的时段设置和每日号源数量。",
            email="zhou.demo@example.cn",
        ),
    ),
    Scenario(
        "hbmzt-running",
        "hbmzt",
        "HBT4K8MA",
        Channel.EMAIL,
        5,
        _person(
            "吴某涛",
            "42010619800614253",
            "027-87815566",
            "湖北省武汉市武昌区某路18号",
            "湖北省2025年度特困人员基本生活标准调整的文件及各市州执行标准。",
            postcode="430061",
            email="wu.demo@example.cn",
        ),
        (("receipt", 4, "电子邮件回复确认收到"), ("assign",)),
    ),
    Scenario(
        "hbmzt-new",
        "hbmzt",
        "HBN7R3WC",
        Channel.ONLINE,
        0,
        _person(
            "郑某燕",
            "42011119870322046",
            "13607129958",
            "湖北省武汉市洪山区某街道",
            "2025年度全省养老机构运营补贴资金分配明细（分市州）。",
            postcode="430070",
            email="zheng.demo@example.cn",
        ),
    ),
)
