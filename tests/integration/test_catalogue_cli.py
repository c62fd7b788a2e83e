"""``desk-admin catalogue import|export|search`` against a real central database.

In process (desk_client.cli.main) on every backend, plus one real ``desk-admin`` process on
SQLite. A refused import prints the summary and then every problem on a line of its own, in
the chosen language, exits 1, and changes nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desk_client.cli import main
from desk_client.core.clock import FakeClock
from desk_client.resources import resource
from desk_client.services.app import Services
from desk_client.services.catalogue import CatalogueService
from desk_client.store import migrate
from tests.integration.conftest import make_services

BAD_CSV = (
    "事项编码,事项名称,实施部门,业务类别,办件类型,承诺时限,材料名称,份数\n"
    "X1,,示范市市场监督管理局,A,即办件,three,身份证,1\n"
    "X2,企业变更登记,示范市市场监督管理局,Z,承诺件,5,营业执照,两份\n"
)

NOT_UTF8 = "文件不是 UTF-8 编码（可能是 GBK），请另存为 UTF-8"


def write_config(services: Services, folder: Path) -> Path:
    path = folder / "desk.toml"
    path.write_text(
        f'[hall]\ncode = "{services.config.hall_code}"\n'
        f'[database]\nurl = "{services.config.database_url}"\n'
        f'local = "{folder / "admin-local.db"}"\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture
def config_file(services: Services, tmp_path: Path) -> Path:
    return write_config(services, tmp_path)


def run(
    capsys: pytest.CaptureFixture[str], config: Path, *args: str
) -> tuple[int, list[str], list[str]]:
    status = main(["--config", str(config), *args])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err.splitlines()


def catalogue(services: Services) -> CatalogueService:
    return CatalogueService(services.context)


def test_import_prints_what_it_replaced(
    services: Services, config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = str(resource("catalogue", "demo.json"))
    status, out, err = run(capsys, config_file, "catalogue", "import", demo)
    hall = services.config.hall_code
    assert (status, err) == (0, [])
    assert out == [f"已导入 12 个事项、57 项材料（大厅 {hall}，目录版本 2）"]
    status, out, _ = run(capsys, config_file, "--json", "catalogue", "import", demo)
    assert json.loads(out[0]) == {
        "ok": True, "hall": hall, "items": 12, "materials": 57, "version": 3
    }  # fmt: skip


@pytest.mark.parametrize(
    "expected",
    [
        ("zh_CN", "事项目录文件有 4 处错误，未导入任何内容", "第 2 行“事项名称”栏有误：不能为空"),
        ("en", "The catalogue file has 4 problem(s); nothing was imported",
         "line 2, column name: must not be empty"),
    ],
)  # fmt: skip
def test_a_refused_import_prints_every_problem_on_its_own_line(
    services: Services,
    config_file: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    expected: tuple[str, str, str],
) -> None:
    language, summary, first = expected
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    before = catalogue(services).items()
    status, out, err = run(capsys, config_file, "--lang", language, "catalogue", "import", str(bad))
    assert (status, out) == (1, [])
    assert err[0] == summary
    assert err[1] == first
    assert len(err) == 5
    assert [line.split()[1].rstrip(",") for line in err[1:]] == ["2", "2", "3", "3"]
    assert catalogue(services).items() == before and catalogue(services).version() == 1


def test_a_refused_import_in_json(
    config_file: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(BAD_CSV.encode("gbk"))
    status, out, err = run(capsys, config_file, "--json", "catalogue", "import", str(bad))
    assert status == 1
    assert json.loads(out[0]) == {
        "ok": False,
        "problems": [{"place": "文件", "message": f"文件有误：{NOT_UTF8}"}],
    }  # fmt: skip
    assert err[0] == "事项目录文件有 1 处错误，未导入任何内容"


def test_export_by_suffix_or_format_and_import_back(
    services: Services, config_file: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = catalogue(services).items()
    for name, extra in (("c.xlsx", []), ("c.json", []), ("c.dat", ["--format", "csv"])):
        target = str(tmp_path / name)
        status, out, _ = run(capsys, config_file, "catalogue", "export", target, *extra)
        assert (status, out) == (0, [f"已导出 12 个事项到 {target}"])
        status, _, _ = run(capsys, config_file, "catalogue", "import", target, *extra)
        assert status == 0
        assert catalogue(services).items() == before


def test_refusals_before_anything_is_read(
    config_file: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(capsys, config_file, "catalogue", "export", str(tmp_path / "c.txt"))
    assert (status, err) == (
        1,
        [f"无法从文件名 {tmp_path / 'c.txt'} 判断格式，请用 --format 指定 json、csv 或 xlsx"],
    )
    missing = str(tmp_path / "none.json")
    status, _, err = run(capsys, config_file, "catalogue", "import", missing)
    assert status == 1 and err[0].startswith(f"无法读取文件 {missing}")
    status, _, err = run(capsys, config_file, "catalogue", "import", missing, "--hall", "nope")
    assert status == 1


def test_search_finds_by_pinyin_initials(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, config_file, "catalogue", "search", "gjj")
    assert status == 0
    assert [line.split("\t")[0] for line in out] == ["SF-GJJ-0201", "SF-GJJ-0202"]
    _, out, _ = run(capsys, config_file, "catalogue", "search", "--limit", "3")
    assert len(out) == 3


def test_the_desk_admin_program_itself(fake_clock: FakeClock, tmp_path: Path) -> None:
    """One real process on a SQLite central; the in-process tests cover every backend."""
    url = f"sqlite:///{tmp_path / 'central.db'}"
    migrate.upgrade(url, "central")
    made = make_services(url, fake_clock, tmp_path)
    try:
        config = write_config(made, tmp_path)
    finally:
        made.close()
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    command = [sys.executable, "-m", "desk_client.cli", "--config", str(config)]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [*command, "catalogue", "import", str(bad)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.splitlines()[1] == "第 2 行“事项名称”栏有误：不能为空"
    done = subprocess.run(
        [*command, "catalogue", "export", str(tmp_path / "out.csv")],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbf")
