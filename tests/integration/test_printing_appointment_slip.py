"""The 预约凭条 read back from the PDF: its words with pypdfium2 (the masked name and phone,
never the whole phone), the embedded CJK font on the 80 mm roll, the QR code that carries the
appointment code alone (its modules in the content stream and on the rendered page), the
English variant, and the print service that builds it from an AppointmentView and stores it."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pypdf
import pypdfium2 as pdfium
import pytest
from reportlab.lib.units import mm

from desk_client.config import Config
from desk_client.core.clock import FakeClock
from desk_client.core.errors import DeskError
from desk_client.printing.appointment_slip import (
    EN,
    RULES_EN,
    RULES_ZH,
    ZH,
    AppointmentSlipFields,
    appointment_slip_pdf,
    day_text,
)
from desk_client.printing.qr import qr_modules
from desk_client.printing.raster import rasterize
from desk_client.services.context import Context
from desk_client.services.dto_appointments import AppointmentView
from desk_client.services.printing import PrintService
from tests.integration.notice_samples import HALL
from tests.integration.test_printing_notice_layout import DPI, dark_share, glyph_shapes, stored
from tests.integration.test_printing_rating_slip import drawn_code

CODE = "YY261128007"
PHONE = "13812345678"
BOOKED = "2026-11-23 14:05 3号窗口 王芳 预约"
SLIP = AppointmentSlipFields(
    hall_name=HALL,
    code=CODE,
    category="B 公积金业务",
    day_text="2026-11-28（星期六）",
    slot_text="10:00–10:30",
    name_display="欧阳**",
    phone_display="138****5678",
    booked_text=BOOKED,
)
ENGLISH = replace(SLIP, language="en", day_text="2026-11-28 (Saturday)")
HALL_ZONE = ZoneInfo("Asia/Shanghai")
VIEW = AppointmentView(
    code=CODE,
    category_code="B",
    category_name="公积金业务",
    start=datetime(2026, 11, 28, 10, 0, tzinfo=HALL_ZONE),
    end=datetime(2026, 11, 28, 10, 30, tzinfo=HALL_ZONE),
    name="欧阳娜娜",
    phone=PHONE,
    phone_display="138****5678",
    state="booked",
    source="window",
    booked_by_no="0103",
    ticket_number="",
)


def words(pdf: bytes) -> str:
    """The page's text as pdfium extracts it, without whitespace (CJK lines break anywhere)."""
    document = pdfium.PdfDocument(pdf)
    try:
        [page] = document
        return "".join(page.get_textpage().get_text_range().split())
    finally:
        document.close()


def squeeze(text: str) -> str:
    return "".join(text.split())


def page_of(pdf: bytes) -> pypdf.PageObject:
    [page] = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return page


# --- what it says ------------------------------------------------------------------------


def test_every_line_is_printed() -> None:
    page = words(appointment_slip_pdf(SLIP))
    expected = [HALL, ZH.title, ZH.code, CODE, "2026-11-28（星期六）", "10:00–10:30"]
    expected += ["业务类别：B公积金业务", "预约人：欧阳**", "联系电话：138****5678", *RULES_ZH]
    expected += [ZH.qr_caption, squeeze(BOOKED)]
    assert [word for word in expected if squeeze(word) not in page] == []


def test_the_whole_name_and_phone_never_reach_the_paper() -> None:
    """A caller that passes them unmasked gets them masked: the slip leaves the hall."""
    pdf = appointment_slip_pdf(replace(SLIP, name_display="欧阳娜娜", phone_display=PHONE))
    page = words(pdf)
    assert "欧阳**" in page and "娜" not in page
    assert "138****5678" in page and PHONE not in page and "1234" not in page


def test_a_slip_without_a_phone_has_no_phone_line() -> None:
    page = words(appointment_slip_pdf(replace(SLIP, phone_display="")))
    assert ZH.phone not in page and "预约人：欧阳**" in page


def test_the_english_slip_has_english_labels_and_both_rules() -> None:
    page = words(appointment_slip_pdf(ENGLISH))
    expected = [EN.title, EN.code, CODE, "2026-11-28(Saturday)", "10:00–10:30"]
    expected += ["Category:B公积金业务", "Name:欧阳**", "Phone:138****5678", EN.qr_caption]
    expected += [*RULES_ZH, RULES_EN, squeeze(BOOKED)]
    assert [word for word in expected if squeeze(word) not in page] == []
    assert ZH.title not in page and "Category：" not in page


def test_the_chinese_slip_has_no_english_rules() -> None:
    assert squeeze(RULES_EN)[:20] not in words(appointment_slip_pdf(SLIP))


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"code": " "}, "code"),
        ({"hall_name": ""}, "hall_name"),
        ({"day_text": "", "slot_text": ""}, "day_text, slot_text"),
        ({"name_display": ""}, "name_display"),
        ({"category": ""}, "category"),
    ],
)
def test_a_slip_missing_what_makes_it_one_is_refused(changes: dict[str, Any], named: str) -> None:
    with pytest.raises(ValueError, match=named):
        appointment_slip_pdf(replace(SLIP, **changes))


def test_typed_markup_is_printed_not_parsed() -> None:
    page = words(appointment_slip_pdf(replace(SLIP, booked_text="3号窗口 <b>王芳</b> & 预约")))
    assert "<b>王芳</b>&预约" in page


# --- the paper and the font --------------------------------------------------------------


def test_one_page_80_mm_wide_as_tall_as_its_content() -> None:
    short, english = page_of(appointment_slip_pdf(SLIP)), page_of(appointment_slip_pdf(ENGLISH))
    assert float(short.mediabox.width) == pytest.approx(80 * mm, abs=1e-3)
    assert 110 * mm < float(short.mediabox.height) < 160 * mm
    assert float(english.mediabox.height) > float(short.mediabox.height) + 10 * mm


def test_only_the_embedded_cjk_truetype_font_is_used() -> None:
    resources: Any = page_of(appointment_slip_pdf(SLIP))["/Resources"]
    for ref in resources["/Font"].values():
        font = ref.get_object()
        assert font["/Subtype"] == "/TrueType" and "Helvetica" not in font["/BaseFont"]
        assert len(font["/FontDescriptor"].get_object()["/FontFile2"].get_data()) > 2_000


def test_the_title_and_the_rules_are_real_chinese_glyphs() -> None:
    for word in (ZH.title, "过时未签到视为爽约"):
        shapes = glyph_shapes(appointment_slip_pdf(SLIP), word)
        assert all(any(shape) for shape in shapes)
        assert len(set(shapes)) == len(set(word))


def test_the_code_is_the_largest_text_on_the_slip() -> None:
    document = pdfium.PdfDocument(appointment_slip_pdf(SLIP))
    try:
        textpage = document[0].get_textpage()
        text = textpage.get_text_range()
        heights = [box[3] - box[1] for box in map(textpage.get_charbox, range(len(text)))]
    finally:
        document.close()
    code_height = max(heights[text.index(CODE) : text.index(CODE) + len(CODE)])
    others = heights[: text.index(CODE)] + heights[text.index(CODE) + len(CODE) :]
    assert code_height > 1.4 * max(others)


def test_the_slip_is_ink_not_a_blank() -> None:
    [(width, height, rgba)] = rasterize(appointment_slip_pdf(SLIP), DPI)
    assert 0.05 < dark_share(width, height, rgba) < 0.5


# --- the code ----------------------------------------------------------------------------


def test_the_qr_code_carries_the_appointment_code_alone() -> None:
    """The modules drawn are the code's own (printing.qr): the kiosk scanner types CODE."""
    pdf = appointment_slip_pdf(SLIP)
    rows, module, x, _y = drawn_code(pdf, len(qr_modules(CODE)))
    assert rows == qr_modules(CODE)
    assert module * len(rows) >= 28 * mm and x >= 4 * mm and x + module * len(rows) <= 76 * mm


def test_the_printed_ink_reads_back_as_the_modules() -> None:
    """Sample the rendered page at every module's centre: dark exactly where the code's
    modules are, so a scanner sees what qr_modules(CODE) describes (no decoder needed)."""
    pdf = appointment_slip_pdf(SLIP)
    rows, module, x, y = drawn_code(pdf, len(qr_modules(CODE)))
    height_pt, dpi = float(page_of(pdf).mediabox.height), 300
    [(width, _height, rgba)] = rasterize(pdf, dpi)

    def dark(column: int, row: int) -> str:
        px = round((x + (column + 0.5) * module) * dpi / 72)
        py = round((height_pt - y - (len(rows) - row - 0.5) * module) * dpi / 72)
        offset = (py * width + px) * 4
        return "1" if sum(rgba[offset : offset + 3]) < 300 else "0"

    read = tuple("".join(dark(c, r) for c in range(len(rows))) for r in range(len(rows)))
    assert read == qr_modules(CODE)


# --- the print service -------------------------------------------------------------------


def service(tmp_path: Path, clock: FakeClock, language: str = "zh_CN") -> PrintService:
    config = Config(hall_code="demo", local_store=str(tmp_path / "local.db"), language=language)
    return PrintService(Context(config, clock))


def test_the_service_builds_the_slip_from_the_view(tmp_path: Path, fake_clock: FakeClock) -> None:
    fields = service(tmp_path, fake_clock).appointment_fields(VIEW, HALL, BOOKED)
    assert fields == replace(SLIP, name_display="欧阳**")


def test_the_service_prints_the_weekday_in_the_configured_language(
    tmp_path: Path, fake_clock: FakeClock
) -> None:
    fields = service(tmp_path, fake_clock, "en").appointment_fields(VIEW, HALL, BOOKED)
    assert fields == ENGLISH and fields.english


def test_the_times_are_the_halls_wall_clock(tmp_path: Path, fake_clock: FakeClock) -> None:
    """A slot at 00:00-00:30 in Shanghai is still the day before in UTC: whatever zone the
    view's times carry, the slip prints the hall's day, weekday and times."""
    start = datetime(2026, 11, 29, 16, 0, tzinfo=UTC)  # Monday 30 November, 00:00 in the hall
    view = replace(VIEW, start=start, end=start + timedelta(minutes=30))
    fields = service(tmp_path, fake_clock).appointment_fields(view, HALL, BOOKED)
    assert (fields.day_text, fields.slot_text) == ("2026-11-30（星期一）", "00:00–00:30")


def test_the_service_rasterises_and_stores_the_slip_for_reprint(
    tmp_path: Path, fake_clock: FakeClock
) -> None:
    printing = service(tmp_path, fake_clock)
    document = printing.appointment_slip(VIEW, HALL, BOOKED)
    assert (document.kind, document.number) == ("appointment", CODE)
    [page] = document.pages
    assert len(page.rgba) == page.width * page.height * 4 and page.dpi == 203
    assert stored(printing) == [("appointment", CODE, document.pdf)]
    page_words = words(document.pdf)
    assert "预约人：欧阳**" in page_words and PHONE not in page_words


def test_a_slip_that_cannot_be_built_is_refused_and_nothing_is_stored(
    tmp_path: Path, fake_clock: FakeClock
) -> None:
    printing = service(tmp_path, fake_clock)
    with pytest.raises(DeskError) as refused:
        printing.appointment_slip(VIEW, " ", BOOKED)
    assert refused.value.code == "print.failed" and "hall_name" in str(refused.value.params)
    assert stored(printing) == []


def test_a_cancelled_appointment_gets_no_slip(tmp_path: Path, fake_clock: FakeClock) -> None:
    printing = service(tmp_path, fake_clock)
    with pytest.raises(DeskError) as refused:
        printing.appointment_slip(replace(VIEW, state="cancelled"), HALL, BOOKED)
    assert (refused.value.code, refused.value.params) == ("appointment.cancelled", {"code": CODE})
    assert stored(printing) == []
    for state in ("checked_in", "missed"):  # a reprint for the record is still allowed
        assert printing.appointment_slip(replace(VIEW, state=state), HALL, BOOKED).number == CODE


@pytest.mark.parametrize(
    ("day", "english", "expected"),
    [
        ((2026, 11, 28), False, "2026-11-28（星期六）"),
        ((2026, 11, 29), False, "2026-11-29（星期日）"),
        ((2026, 11, 30), False, "2026-11-30（星期一）"),
        ((2026, 11, 29), True, "2026-11-29 (Sunday)"),
        ((2026, 12, 2), True, "2026-12-02 (Wednesday)"),
    ],
)
def test_day_text(day: tuple[int, int, int], english: bool, expected: str) -> None:
    assert day_text(datetime(*day).date(), english=english) == expected
