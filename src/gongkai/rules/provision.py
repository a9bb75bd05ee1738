"""The form in which information is provided on application (Art. 40 of the Regulation).

《中华人民共和国政府信息公开条例》第四十条: 行政机关依申请公开政府信息，应当根据申请人的要求及行政机关保存
政府信息的实际情况，确定提供政府信息的具体形式；按照申请人要求的形式提供政府信息，可能危及政府信息载体安全
或者公开成本过高的，可以通过电子数据以及其他适当形式提供，或者安排申请人查阅、抄录相关政府信息。

The applicant asks for a form (Art. 29 ¶2 (三)): a carrier (:class:`Medium`: 纸质, 电子) and a way
to receive it (:class:`Route`: 邮寄, 自行领取, 当面查阅（查阅、抄录）, 电子邮件, 网上获取). The form
asked for is the one given. Another form may be given only on one of the grounds of Art. 40
(:class:`Ground`), and then the letter says which form is given instead and why
(:func:`decide_form`, :func:`form_sentence`). A form must also be possible in itself: paper is not
sent by e-mail or fetched online.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

ART40_QUOTE = (
    "“按照申请人要求的形式提供政府信息，可能危及政府信息载体安全或者公开成本过高的，可以通过电子数据以及其他"
    "适当形式提供，或者安排申请人查阅、抄录相关政府信息”"
)


class Medium(StrEnum):
    """The carrier (载体形式). Values are those of the application's ``medium`` field."""

    PAPER = "paper"
    ELECTRONIC = "electronic"

    @property
    def label(self) -> str:
        return {"paper": "纸质", "electronic": "电子"}[self.value]


class Route(StrEnum):
    """How the applicant receives it (获取方式). Values are those of the application's ``delivery``."""

    POST = "post"
    PICKUP = "pickup"
    INSPECT = "inspect"
    EMAIL = "email"
    ONLINE = "online"

    @property
    def label(self) -> str:
        return {
            "post": "邮寄",
            "pickup": "自行领取",
            "inspect": "当面查阅",
            "email": "电子邮件",
            "online": "网上获取",
        }[self.value]


class Ground(StrEnum):
    """Why the form asked for is not the one given (Art. 40)."""

    CARRIER_SAFETY = "carrier_safety"  # 可能危及政府信息载体安全 (e.g. an original that cannot be copied)
    COST = "cost"  # 公开成本过高 (e.g. a very large volume to copy or print)
    AS_KEPT = "as_kept"  # 行政机关保存政府信息的实际情况 (e.g. kept only on paper, not digitised)

    @property
    def label(self) -> str:
        return GROUND_LABELS[self]


GROUND_LABELS = {
    Ground.CARRIER_SAFETY: "按照申请人要求的形式提供可能危及政府信息载体安全",
    Ground.COST: "按照申请人要求的形式提供公开成本过高",
    Ground.AS_KEPT: "本机关保存该政府信息的实际情况不能按照申请人要求的形式提供",
}
# The ground's words in the letter, after "按照您要求的形式提供该政府信息" or as their own clause.
_GROUND_CLAUSE = {
    Ground.CARRIER_SAFETY: "按照{you}要求的形式提供该政府信息，可能危及政府信息载体安全",
    Ground.COST: "按照{you}要求的形式提供该政府信息，公开成本过高",
    Ground.AS_KEPT: "根据本机关保存该政府信息的实际情况，无法按照{you}要求的形式提供",
}


class FormError(ValueError):
    """A form that may not be given; the message is for users (Chinese) and names the article."""


@dataclass(frozen=True)
class Form:
    """A form of providing information: carrier and route."""

    medium: Medium
    route: Route

    @property
    def label(self) -> str:
        return f"{self.medium.label} · {self.route.label}"

    def phrase(self, you: str) -> str:
        """How the letter says it is given: 以电子形式通过电子邮件方式向您提供 / 安排您当面查阅、抄录."""
        if self.route == Route.INSPECT:
            return f"安排{you}当面查阅、抄录"
        return f"以{self.medium.label}形式通过{self.route.label}方式向{you}提供"


def possible(form: Form) -> None:
    """Raise :class:`FormError` for a form that cannot exist: paper sent by e-mail or fetched online."""
    if form.medium == Medium.PAPER and form.route in (Route.EMAIL, Route.ONLINE):
        raise FormError(f"纸质载体不能通过{form.route.label}方式提供，请选择电子载体或其他获取方式")


def needs_arrangement(form: Form) -> bool:
    """Whether the letter must say where and when (自行领取, 当面查阅、抄录): without it the applicant
    cannot get the information, so the letter keeps a gap until the handler fills it in."""
    return form.route in (Route.PICKUP, Route.INSPECT)


@dataclass(frozen=True)
class FormDecision:
    """The form given, against the form asked for; ``ground`` and ``reason`` when they differ."""

    requested: Form
    given: Form
    ground: Ground | None = None
    reason: str = ""
    arrangement: str = ""

    @property
    def as_requested(self) -> bool:
        return self.given == self.requested


def decide_form(
    requested: Form,
    given: Form | None = None,
    ground: Ground | str | None = None,
    reason: str = "",
    arrangement: str = "",
) -> FormDecision:
    """The form the information is given in (Art. 40).

    * ``given`` omitted or equal to ``requested``: the form asked for; a ground is then refused
      (there is nothing to justify, and a letter must not give a reason for a change it does not make).
    * ``given`` differs: a ``ground`` of :class:`Ground` and a ``reason`` (the concrete facts, e.g.
      "档案原件纸张老化，复印可能造成损坏") are both required — the letter says the form given and why.
    * ``given`` must be possible in itself (:func:`possible`).
    """
    given = given or requested
    possible(given)
    reason = reason.strip().rstrip("。；;，, ")
    arrangement = arrangement.strip().rstrip("。；;，, ")
    if given == requested:
        if ground:
            raise FormError(
                "按照申请人要求的形式提供的，无需选择不按要求形式提供的理由（第四十条）；"
                "如需改变提供形式，请选择与申请不同的载体或获取方式"
            )
        return FormDecision(requested, given, None, "", arrangement)
    if not ground:
        raise FormError(
            f"申请人要求以{requested.label}获取，改为{given.label}的，须依照《中华人民共和国政府信息公开条例》"
            "第四十条选择理由：可能危及政府信息载体安全、公开成本过高，或者本机关保存政府信息的实际情况"
        )
    try:
        ground = Ground(ground)
    except ValueError:
        raise FormError(f"不按申请人要求的形式提供的理由“{ground}”无效") from None
    if not reason:
        raise FormError(
            "不按申请人要求的形式提供的，须写明具体情况（如“档案原件纸张老化，复印可能造成损坏”"
            "“共约1.2万页，复制成本过高”），告知书将向申请人说明（第四十条）"
        )
    return FormDecision(requested, given, ground, reason, arrangement)


def form_sentence(decision: FormDecision, you: str, regulation: str = "《条例》") -> str:
    """The letter's paragraph on the form (Art. 40): as asked — said so; otherwise the form asked
    for, the ground and the facts, the article, and the form given instead. ``arrangement`` (where
    and when to collect or read) follows; its absence where needed is a ``【请填写：…】`` gap."""
    given = decision.given
    if decision.as_requested:
        text = f"根据{regulation}第四十条的规定，本机关按照{you}要求的形式，{given.phrase(you)}。"
    else:
        ground = decision.ground or Ground.AS_KEPT  # decide_form never gives a changed form without one
        text = (
            f"{you}要求以{decision.requested.medium.label}形式通过{decision.requested.route.label}方式获取该政府信息。"
            f"因{decision.reason}，{_GROUND_CLAUSE[ground].format(you=you)}。"
            f"根据{regulation}第四十条{ART40_QUOTE}的规定，本机关改为{given.phrase(you)}。"
        )
    if decision.arrangement:
        text += f"{decision.arrangement}。"
    elif needs_arrangement(given):
        what = "查阅、抄录的时间和地点" if given.route == Route.INSPECT else "领取的时间和地点"
        text += f"【请填写：{what}】。"
    return text
