"""``gongkai interaction <subcommand>``: 政民互动 from the console.

- ``import FILE --agency CODE``: 12345 work orders from the city platform's CSV or XLSX export
  (whole file one transaction; every error listed with its row number; exit 1 and nothing written).
- ``export --agency CODE -o FILE.xlsx``: the answered work orders back to the platform.
- ``stats --agency CODE --year YEAR [--subtree] [--json]``: the year's figures per source and kind
  (keys in docs/interaction.md).

CODE is the agency's 机构代码 as for ``import-documents`` (its portal slug also works).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.agencies.models import Agency


def _agency(code: str) -> Agency:
    agency = Agency.objects.filter(code=code).first() or Agency.objects.filter(slug=code).first()
    if agency is None:
        raise CommandError(f"找不到代码为“{code}”的机关")
    return agency


class Command(BaseCommand):
    help = "政民互动：导入12345工单（import）、导出答复（export）、统计（stats）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, title="子命令")
        imp = sub.add_parser("import", help="导入12345工单（CSV 或 XLSX）")
        imp.add_argument("file")
        imp.add_argument("--agency", required=True, help="机关代码（如 011043196）")
        exp = sub.add_parser("export", help="导出已答复的12345工单（XLSX）")
        exp.add_argument("--agency", required=True)
        exp.add_argument("-o", "--output", required=True, help="输出文件（.xlsx）")
        st = sub.add_parser("stats", help="年度统计")
        st.add_argument("--agency", required=True)
        st.add_argument("--year", required=True, type=int)
        st.add_argument("--subtree", action="store_true", help="包括下级机关，并给出排名")
        st.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, subcommand, **opts):
        return getattr(self, f"_{subcommand}")(**opts)

    def _import(self, file, agency, **opts):
        from gongkai.interaction.hotline import ImportFailed, import_orders, read_file

        target = _agency(agency)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        try:
            result = import_orders(target, read_file(path.name, path.read_bytes()))
        except ImportFailed as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(str(exc)) from exc
        self.stdout.write(result.summary())

    def _export(self, agency, output, **opts):
        from gongkai.interaction.hotline import answered_orders, export_replies

        if not output.lower().endswith(".xlsx"):
            raise CommandError("输出文件应为 .xlsx")
        orders = list(answered_orders(_agency(agency)))
        Path(output).write_bytes(export_replies(orders))
        self.stdout.write(f"已导出{len(orders)}件工单的答复：{output}")

    def _stats(self, agency, year, subtree, json: bool = False, **opts):
        from gongkai.interaction import services
        from gongkai.interaction.stats import agency_stats
        from gongkai.rules.interaction import FIGURE_KEYS, FIGURE_LABELS

        if not 2000 <= year <= 2100:
            raise CommandError("年度应为四位数年份")
        data = agency_stats(_agency(agency), year, services.today(), subtree=subtree)
        if json:
            self.stdout.write(_dumps(data))
            return
        self.stdout.write(f"{data['agency']} {year}年政民互动统计（截至{data['as_of']}）")
        header = _pad("来源/类型", 14) + "".join(
            _pad(FIGURE_LABELS[k], 12 if k != "avg_workdays" else 20) for k in FIGURE_KEYS
        )
        self.stdout.write(header)
        for source in data["sources"].values():
            self.stdout.write(_line(source["label"] + "合计", source["total"]))
            for kind, figures in source["kinds"].items():
                self.stdout.write(_line("  " + _kind_label(kind), figures))
        self.stdout.write(_line("总计", data["total"]))
        for row in data.get("ranking", []):
            self.stdout.write(
                f"第{row['rank']}名 {row['agency']} 按期办结率{_fmt('on_time_rate', row['on_time_rate'])}"
                f" 满意率{_fmt('satisfaction_rate', row['satisfaction_rate'])}"
            )


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)


def _kind_label(kind: str) -> str:
    from gongkai.interaction.proposal_models import Proposal
    from gongkai.rules.interaction import KIND_LABELS, Kind

    if kind in Kind._value2member_map_:
        return KIND_LABELS[Kind(kind)]
    return dict(Proposal.Kind.choices).get(kind, kind)


def _fmt(key: str, value) -> str:
    if value is None:
        return "—"
    if key.endswith("_rate"):
        return f"{value * 100:.1f}%"
    return str(value)


def _line(label: str, figures: dict) -> str:
    from gongkai.rules.interaction import FIGURE_KEYS

    return _pad(label, 14) + "".join(
        _pad(_fmt(k, figures[k]), 12 if k != "avg_workdays" else 20) for k in FIGURE_KEYS
    )


def _pad(text: str, width: int) -> str:
    """Pad to ``width`` terminal columns (a Chinese character takes two)."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - used, 1)
