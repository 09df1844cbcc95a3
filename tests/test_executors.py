"""The same records whatever runs the conversion: one process, a pool of two, or a Dask cluster."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from converter.cli import cli

DOCS = {
    "a.txt": "城南新建三座口袋公园\n本报记者 孙楠\n近日，城南街道新建的三座口袋公园正式对市民开放。\n",
    "sub/b.txt": "南湖镇安全生产工作会议\n会议纪要\n2023年3月15日上午9:00，在镇政府会议室召开。\n出席:张国华 刘建军\n",
    "c.txt": "【赣州招商】赣州经开区签约新能源项目\n总投资12亿元的新能源项目在赣州经济技术开发区签约。\n2024-03-01\n",
}


@pytest.fixture
def inputs(tmp_path):
    for rel, text in DOCS.items():
        path = tmp_path / "in" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / "in"


def convert(*args) -> None:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def records(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.json"))}


def test_dask_pool_and_serial_runs_write_identical_records(inputs, tmp_path):
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    convert("convert", inputs, "--out", tmp_path / "j1", "-j", "1")
    convert("convert", inputs, "--out", tmp_path / "j2", "-j", "2")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as c:
        convert("convert", inputs, "--out", tmp_path / "dask", "--executor", "dask", "--scheduler", c.scheduler_address)
    serial = records(tmp_path / "j1")
    assert len(serial) == 3
    assert records(tmp_path / "j2") == serial
    assert records(tmp_path / "dask") == serial


def test_dask_without_scheduler_is_a_usage_error(inputs, tmp_path):
    result = CliRunner().invoke(cli, ["convert", str(inputs), "--out", str(tmp_path / "o"), "--executor", "dask"])
    assert result.exit_code == 2
    assert "--scheduler" in result.output
