"""``desk-admin queue report`` against a real central database on every backend, in process
(desk_client.cli.main), on the morning of tests/integration/test_queue_stats.py: the table,
JSON, the CSV and the PDF files, and refusals that write nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdf
import pytest

from desk_client.services.app import Services
from tests.integration.test_appointments_cli import config, run
from tests.integration.test_queue_stats import a_morning

__all__ = ["config"]  # the fixture, used by name
DAY = ["--from", "2026-11-23", "--to", "2026-11-23"]


@pytest.fixture
def morning(services: Services) -> Services:
    a_morning(services)
    return services


def test_the_report_prints_the_same_cells_as_the_screen(
    morning: Services, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, config, "queue", "report", *DAY, "--by", "window")
    assert status == 0
    stats = morning.queue_stats
    report = stats.report(*[morning.clock.now().date()] * 2, "window")
    assert out[0].split("\t") == stats.header("window")
    assert [line.split("\t") for line in out[1:]] == [
        *(stats.cells(row, "window") for row in report.rows),
        stats.cells(report.total, "window"),
    ]
    assert out[-1].startswith("合计\t5\t1\t3\t1\t1\t28.4")
    assert "等候：从取号" in err and "取号 = 办结" not in err  # a window issues no tickets


def test_json_carries_the_sums_and_the_figures(
    morning: Services, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, config, "queue", "report", *DAY, "--json")
    found = json.loads(out[0])
    assert status == 0 and found["by"] == "day" and found["wait_limit_minutes"] == 30
    assert found["total"]["wait_total_s"] == 142 * 60
    assert found["total"]["wait_avg_s"] == pytest.approx(142 * 60 / 5)
    assert found["rows"][0]["issued"] == 5


def test_csv_and_pdf_files(
    morning: Services, config: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    csv_file, pdf_file = tmp_path / "q.csv", tmp_path / "q.pdf"
    args = ("queue", "report", *DAY, "--by", "hour", "--csv", str(csv_file))
    status, _, _ = run(capsys, config, *args, "--pdf", str(pdf_file))
    assert status == 0
    assert csv_file.read_bytes().startswith("\ufeff时段,取号".encode())
    text = pypdf.PdfReader(io.BytesIO(pdf_file.read_bytes())).pages[0].extract_text()
    assert "叫号统计报表" in text and "09:00–10:00" in text


def test_refusals_print_the_reason_and_write_nothing(
    morning: Services, config: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    reversed_period = ["--from", "2026-11-23", "--to", "2026-11-22"]
    csv_file = tmp_path / "q.csv"
    status, out, err = run(
        capsys, config, "queue", "report", *reversed_period, "--csv", str(csv_file)
    )
    assert (status, out) == (1, [])
    assert "结束日期 2026-11-22 早于开始日期 2026-11-23" in err
    assert not csv_file.exists()
    missing = tmp_path / "no" / "such" / "q.csv"
    status, out, err = run(capsys, config, "queue", "report", *DAY, "--csv", str(missing))
    assert (status, out) == (1, [])
    assert "无法写入文件" in err
    status, out, err = run(capsys, config, "queue", "report", *DAY, "--wait-limit", "0")
    assert status == 1 and "1 至 480 分钟" in err


def test_an_empty_period_says_so(
    services: Services, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(
        capsys, config, "queue", "report", "--from", "2026-01-01", "--to", "2026-01-31"
    )
    assert status == 0 and out[-1].startswith("合计\t0\t0\t0")
    assert "2026-01-01 至 2026-01-31 没有取号记录" in err
