"""Random consistent reports, rendered as the national tables, flattened, and read back.

Every way a report's tables get flattened (``flatten.STYLES``) must give back the report:
exactly when the cells stay apart, and never a wrong number when they are glued together
(a cell the glued digits do not decide is blank with a warning).
"""

import random

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gongkai.rules.annual.model import FORMAT_2019, FORMAT_2021
from gongkai.rules.annual.parse.extract import parse_bytes
from gongkai.rules.annual.tests.flatten import SEPARATED, STYLES, compare, flatten, random_report, with_blanks

SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
formats = st.sampled_from([(FORMAT_2021, 2023), (FORMAT_2019, 2020)])


def read_back(report, style, noise=frozenset(), seed=0):
    text, name = flatten(report, style, random.Random(seed), noise)
    result = parse_bytes(text.encode("utf-8"), name)
    return compare(result.report, report), result


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), fmt=formats)
def test_every_flattening_reads_back_and_glued_text_never_gives_a_wrong_number(seed, fmt):
    report = random_report(random.Random(seed), *fmt)
    for style in STYLES:
        (_, wrong, blank), result = read_back(report, style)
        assert wrong == [], (style, wrong)
        if style in SEPARATED:
            assert blank == [], (style, blank)
            assert result.report["year"] == fmt[1] and result.report["format"] == fmt[0]
        elif blank:  # glued: an undecided cell says so
            assert result.warnings


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), fmt=formats)
def test_blank_cells_stay_blank_where_the_cells_are_apart(seed, fmt):
    """An empty cell of an HTML, pipe or tab table is null — also right after the row's label."""
    rng = random.Random(seed)
    report = with_blanks(random_report(rng, *fmt), rng, share=0.1)
    for style in ("html", "pipes", "tabs"):
        (_, wrong, blank), _result = read_back(report, style)
        assert (wrong, blank) == ([], []), style
    for style in ("lines", "spaces"):  # an empty cell leaves no trace there: the row is blank
        (_, wrong, _blank), _result = read_back(report, style)
        assert wrong == [], style


@SETTINGS
@given(
    seed=st.integers(0, 2**32 - 1),
    fmt=formats,
    noise=st.sets(st.sampled_from(["marks", "wrap", "fullwidth", "traditional"]), min_size=1),
)
def test_damage_seen_in_real_reports_does_not_change_a_number(seed, fmt, noise):
    """Blank marks ("/", "—", "无"), labels broken over lines, 全角 digits, traditional script."""
    rng = random.Random(seed)
    report = with_blanks(random_report(rng, *fmt), rng) if "marks" in noise else random_report(rng, *fmt)
    for style in STYLES:
        (_, wrong, blank), _result = read_back(report, style, frozenset(noise), seed)
        assert wrong == [], (style, wrong)
        if style in ("html", "pipes", "tabs") or (style in SEPARATED and "marks" not in noise):
            assert blank == [], (style, blank)


@pytest.mark.parametrize("style", ["pipes", "tabs"])
def test_a_blank_first_cell_after_the_label_does_not_shift_the_row(style):
    """``1.本机关不掌握相关政府信息 |  | 0 | …`` : 自然人 is blank, not 商业企业's 0."""
    report = random_report(random.Random(1), FORMAT_2021, 2023)
    report["applications"]["unavailable"]["not_held"] = {
        "natural_person": None,
        "commercial_enterprise": 3,
        "research_institution": 0,
        "social_welfare_org": 0,
        "legal_service_org": 0,
        "other_org": 1,
        "total": 4,
    }
    (_, wrong, blank), _result = read_back(report, style)
    assert (wrong, blank) == ([], [])


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), fmt=formats, cut=st.floats(0, 1))
# Found by CI: the text stopped at "行政事业性收费341." (of 341.48) and 341 was kept as the amount.
@example(seed=5059, fmt=(FORMAT_2021, 2023), cut=0.1328125)
def test_a_source_cut_anywhere_never_gives_a_wrong_number(seed, fmt, cut):
    """Web excerpts stop mid-table, mid-row, mid-number ("行政处罚 | 14" of 1472): what is cut is null."""
    report = random_report(random.Random(seed), *fmt)
    for style in STYLES:
        text, name = flatten(report, style)
        start = text.index("二、主动公开")
        end = start + 20 + int(cut * (len(text) - start - 21))
        result = parse_bytes(text[:end].encode("utf-8"), name)
        _n, wrong, _blank = compare(result.report, report)
        assert wrong == [], (style, wrong, text[end - 30 : end])
