"""The capacity benchmark's arithmetic and table, and the limits it set in the deploy kit.

The benchmark itself (benchmarks/bench_hub_capacity.py) runs a hub for minutes; these
checks are fast and need no hub.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from traitlets.config import PyFileConfigLoader

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"


def _bench():
    spec = importlib.util.spec_from_file_location(
        "bench_hub_capacity", REPO / "benchmarks" / "bench_hub_capacity.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bench = _bench()


def test_percentiles_interpolate_like_numpy() -> None:
    values = [5.0, 1.0, 3.0, 2.0, 4.0]
    assert bench.percentile(values, 50) == 3.0
    assert bench.percentile(values, 0) == 1.0
    assert bench.percentile(values, 100) == 5.0
    assert bench.percentile(values, 95) == pytest.approx(4.8)
    assert bench.percentile([1.0, 2.0], 50) == 1.5
    assert bench.percentile([], 50) is None
    numpy = pytest.importorskip("numpy")
    data = [0.3, 1.7, 0.9, 12.0, 0.4, 0.5, 2.2]
    for q in (50, 90, 95):
        assert bench.percentile(data, q) == pytest.approx(float(numpy.percentile(data, q)))


def _level(students: int, errors: int = 0, pss: float = 300.0, cores: float = 0.5) -> dict:
    lat = {"n": 3, "p50": 0.5, "p95": 1.25, "max": 2.0}
    return {
        "students": students,
        "latency": {"spawn": lat, "page": lat, "kernel_start": lat, "cell": lat},
        "memory": {
            "server_rss_mib": {"p50": 90.0},
            "kernel_rss_mib": {"p50": 150.0},
            "student_pss_mib": pss,
        },
        "cpu": {
            "hub_percent": 4.0,
            "proxy_percent": None,
            "users_cores": cores,
            "users_cpu_s_per_cell": 0.6,
        },
        "load": {"before": 1.0, "during_mean": 2.5, "during_max": 3.0},
        "errors": {"count": errors, "timeouts": 0},
    }


def test_markdown_table_has_a_row_per_level_and_every_column() -> None:
    table = bench.markdown_table([_level(10), _level(20, errors=3)])
    lines = table.splitlines()
    assert len(lines) == 4
    assert all(line.count("|") == len(bench.COLUMNS) + 1 for line in lines)
    assert lines[2].startswith("| 10 | 0.5 | 1.2 | 0.50 | 1.25 |")
    assert "| 3 / 0 |" in lines[3]
    assert "| – |" in lines[2]  # no proxy measure: a dash, not "None"
    assert "1.00 → 2.50 (max 3.00)" in lines[2]


def test_sizing_uses_the_largest_level_without_errors() -> None:
    levels = [_level(10, pss=300, cores=0.5), _level(20, pss=250, cores=1.0), _level(30, 4)]
    rule = bench.sizing(levels, cores=8, mem_gib=32, cells_per_minute=2)
    assert rule["reference_level"] == 20
    assert rule["cores_per_student_at_bench_tempo"] == pytest.approx(0.05)
    assert rule["cores_per_active_student"] == pytest.approx(0.6 * 2 / 60)  # 0.6 s per cell
    assert rule["students_by_cpu"] == 280  # 8 cores x 0.7 / 0.02
    assert rule["students_by_memory"] == 69  # 32 GiB x 0.8 / (250 MiB x 1.5)
    assert rule["students"] == 69


def test_hub_config_limits(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("IASANTE_EXCHANGE_ROOT", str(tmp_path))
    config = PyFileConfigLoader("jupyterhub_config.py", path=str(DEPLOY)).load_config()
    assert config.Spawner.mem_limit == "2G"
    assert config.Spawner.mem_guarantee == "512M"
    assert config.Spawner.cpu_limit == 1.0
    assert config.Spawner.cpu_guarantee == 0.1


def test_hub_config_runs_the_idle_culler(monkeypatch, tmp_path) -> None:
    pytest.importorskip("jupyterhub_idle_culler", reason="installed by ci/install-hub-deps.sh")
    monkeypatch.setenv("IASANTE_EXCHANGE_ROOT", str(tmp_path))
    config = PyFileConfigLoader("jupyterhub_config.py", path=str(DEPLOY)).load_config()
    culler = {s["name"]: s for s in config.JupyterHub.services}["idle-culler"]
    command = " ".join(culler["command"])
    assert "jupyterhub_idle_culler" in command
    assert "--timeout=3600" in command
    roles = {r["name"]: r for r in config.JupyterHub.load_roles}
    assert roles["idle-culler"]["services"] == ["idle-culler"]
    assert {"list:users", "read:users:activity", "read:servers", "delete:servers"} <= set(
        roles["idle-culler"]["scopes"]
    )


def test_helm_values_carry_the_same_limits_and_culler() -> None:
    yaml = pytest.importorskip("yaml")
    values = yaml.safe_load((DEPLOY / "helm" / "config.yaml").read_text(encoding="utf-8"))
    single = values["singleuser"]
    assert single["memory"] == {"guarantee": "512M", "limit": "2G"}
    assert single["cpu"] == {"guarantee": 0.1, "limit": 1}
    assert values["cull"]["enabled"] is True
    assert values["cull"]["timeout"] == 3600


def test_idle_culler_is_pinned_for_the_hub() -> None:
    hub_in = (REPO / "requirements" / "hub.in").read_text(encoding="utf-8")
    hub_txt = (REPO / "requirements" / "hub.txt").read_text(encoding="utf-8")
    assert "jupyterhub-idle-culler" in hub_in
    assert "jupyterhub-idle-culler==" in hub_txt
