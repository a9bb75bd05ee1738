"""gongkai fee --by item --count N | --by volume --pages P [--explain]

The information-processing fee (信息处理费, Art. 42 and 国办函〔2020〕109号) in yuan, computed
progressively by :mod:`gongkai.rules.fees`.
"""

from django.core.management.base import BaseCommand, CommandError

from gongkai.rules.fees import FeeError, fee_by_item, fee_by_volume


class Command(BaseCommand):
    help = "计算信息处理费（元）：--by item --count N 为同一申请人一个自然月内N件申请；--by volume --pages P 为一件申请P页"

    def add_arguments(self, parser):
        parser.add_argument("--by", required=True, help="计收方式：item（按件计收）或 volume（按量计收）")
        parser.add_argument("--count", help="按件计收：同一申请人一个自然月内的申请件数")
        parser.add_argument("--pages", help="按量计收：一件申请的页数")
        parser.add_argument("--explain", action="store_true", help="列出各档计费明细")

    def handle(self, *args, by, count, pages, explain, **opts):
        if by == "item":
            if pages is not None:
                raise CommandError("按件计收不使用 --pages；一件申请只能按一种方式计收")
            fee = self._compute(fee_by_item, count, "--count", "申请件数")
        elif by == "volume":
            if count is not None:
                raise CommandError("按量计收不使用 --count；一件申请只能按一种方式计收")
            fee = self._compute(fee_by_volume, pages, "--pages", "页数")
        else:
            raise CommandError(f"计收方式“{by}”无效，应为 item（按件计收）或 volume（按量计收）")
        if explain:
            for line in fee.explain():
                self.stdout.write(line)
        else:
            self.stdout.write(str(fee.amount))

    @staticmethod
    def _compute(func, raw, option, what):
        if raw is None:
            raise CommandError(f"请用 {option} 给出{what}")
        try:
            return func(int(str(raw).strip()))
        except ValueError as exc:
            if isinstance(exc, FeeError):
                raise CommandError(str(exc)) from exc
            raise CommandError(f"{what}应为正整数，收到：{raw}") from exc
