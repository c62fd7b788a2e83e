"""The acceptance notice (受理通知书) prints the case's deadline (issue 5): the date computed on
the working-day calendar and the limit it counts, on the 80 mm roll and A4; without a date
(the calendar misses the year) it keeps the limit counted from acceptance, never a guess."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desk_client.core.notices import NoticeContent
from desk_client.printing.notice_sheet import deadline_text
from desk_client.printing.notices import render_notice
from desk_client.printing.raster import rasterize
from tests.integration.notice_samples import ACCEPTANCE, ONE_TIME, REJECTION, pages_text, text
from tests.integration.test_printing_notice_layout import DPI, dark_share, glyph_shapes

PAPERS = ["80mm", "a4"]
#: domain.md's example: accepted 2025-09-30, 5 working days -> Oct 9, 10, 11 (a make-up
#: Saturday), 13, 14.
DEADLINE = date(2025, 10, 14)
PROMISED = replace(ACCEPTANCE, promised_days=5, deadline=DEADLINE)


@pytest.mark.parametrize("paper", PAPERS)
def test_the_deadline_date_and_its_limit_are_printed(paper: str) -> None:
    page = text(render_notice(PROMISED, paper))
    assert "办结期限：2025年10月14日（5个工作日）" in page
    assert "自受理之日起" not in page  # the date replaces the counted wording
    assert "承诺时限：5个工作日" in page and "法定时限：15个工作日" in page


@pytest.mark.parametrize("paper", PAPERS)
def test_without_a_promise_the_statutory_limit_is_named(paper: str) -> None:
    notice = replace(ACCEPTANCE, promised_days=None, deadline=date(2025, 10, 28))
    assert "办结期限：2025年10月28日（15个工作日）" in text(render_notice(notice, paper))


@pytest.mark.parametrize("paper", PAPERS)
def test_an_instant_case_is_due_the_day_it_was_accepted(paper: str) -> None:
    notice = replace(ACCEPTANCE, promised_days=0, deadline=date(2026, 11, 22))
    page = text(render_notice(notice, paper))
    assert "办结期限：2026年11月22日（即办件，当场办结）" in page


@pytest.mark.parametrize("paper", PAPERS)
def test_without_a_date_the_limit_is_counted_from_acceptance(paper: str) -> None:
    """The case service leaves the date out when the calendar misses the year."""
    page = text(render_notice(replace(ACCEPTANCE, deadline=None), paper))
    assert "办结期限：自受理之日起3个工作日" in page
    assert "2025年10月14日" not in page


def test_the_wording_for_each_combination() -> None:
    def said(promised: int | None, statutory: int | None, due: date | None) -> str:
        return deadline_text(
            replace(ACCEPTANCE, promised_days=promised, statutory_days=statutory, deadline=due)
        )

    assert said(5, 20, DEADLINE) == "2025年10月14日（5 个工作日）"
    assert said(None, 20, DEADLINE) == "2025年10月14日（20 个工作日）"
    assert said(0, 20, date(2025, 9, 30)) == "2025年9月30日（即办件，当场办结）"
    assert said(None, None, DEADLINE) == "2025年10月14日"
    assert said(None, None, None) == "依法定程序办理"
    assert said(0, None, None) == "当场办结"


@pytest.mark.parametrize("notice", [ONE_TIME, REJECTION], ids=["one_time", "rejection"])
def test_only_the_acceptance_prints_a_deadline(notice: NoticeContent) -> None:
    for paper in PAPERS:
        page = text(render_notice(replace(notice, deadline=DEADLINE), paper))
        assert "办结期限" not in page and "2025年10月14日" not in page


@pytest.mark.parametrize("paper", PAPERS)
def test_the_deadline_is_real_glyphs_on_one_inked_page(paper: str) -> None:
    pdf = render_notice(PROMISED, paper)
    [(width, height, rgba)] = rasterize(pdf, DPI)
    assert 0.01 < dark_share(width, height, rgba) < 0.4
    assert len(pages_text(pdf)) == 1
    shapes = glyph_shapes(pdf, "办结期限")
    assert all(any(shape) for shape in shapes) and len(set(shapes)) == 4
