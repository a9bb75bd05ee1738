"""gongkai workdays add DATE N | between A B | enter YEAR --holidays … --workdays …"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from gongkai.rules.calendar import UnknownYearError
from gongkai.workdays.calendar import enter_year, holiday_table


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期“{text}”格式不正确，应为 YYYY-MM-DD") from None


def _dates(text: str) -> list[dt.date]:
    """Comma-separated dates or ranges: 2027-01-01,2027-02-06..2027-02-13"""
    out: list[dt.date] = []
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        if ".." in part:
            a, b = (_date(x) for x in part.split("..", 1))
            out += [a + dt.timedelta(days=i) for i in range((b - a).days + 1)]
        else:
            out.append(_date(part))
    return out


class Command(BaseCommand):
    help = "工作日计算与节假日录入 (working days: add, between, enter a year)"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="DATE 之后第 N 个工作日（DATE 当日不计）")
        add.add_argument("date")
        add.add_argument("n", type=int)
        between = sub.add_parser("between", help="A 之后至 B（含）的工作日数")
        between.add_argument("a")
        between.add_argument("b")
        enter = sub.add_parser("enter", help="按国务院办公厅通知录入某年的节假日安排")
        enter.add_argument("year", type=int)
        enter.add_argument("--holidays", required=True, help="放假日期，逗号分隔，可用 A..B 表示区间")
        enter.add_argument("--workdays", default="", help="调休上班日期，逗号分隔")
        enter.add_argument("--source", default="", help="通知文号")

    def handle(self, *args, action, **opts):
        try:
            if action == "add":
                self.stdout.write(holiday_table().add_workdays(_date(opts["date"]), opts["n"]).isoformat())
            elif action == "between":
                self.stdout.write(str(holiday_table().workdays_between(_date(opts["a"]), _date(opts["b"]))))
            else:
                year = opts["year"]
                enter_year(
                    year,
                    _dates(opts["holidays"]),
                    _dates(opts["workdays"]),
                    source=opts["source"] or "人工录入",
                    entered_by="cli",
                )
                self.stdout.write(f"已录入{year}年节假日安排")
        except (UnknownYearError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
