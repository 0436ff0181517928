"""The Dask executor on a local cluster makes the same productions as the process pool."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from fixtures.batch_feeds import make_feed

from audioreview.batch import BatchOptions, run_batch
from audioreview.batch.work import open_executor
from audioreview.errors import ConfigError
from audioreview.settings import Settings


def _manifests(out: Path) -> dict[str, Any]:
    return {p.parent.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*/*.json"))
            if p.stem == p.parent.name}  # fmt: skip


def test_dask_cluster_matches_the_process_pool(tmp_path: Path, fake_settings: Settings) -> None:
    distributed = pytest.importorskip("dask.distributed")
    feed = tmp_path / "feed.xml"
    feed.write_text(make_feed(6), encoding="utf-8")
    settings = dataclasses.replace(fake_settings, versions=("full", "short"))

    local = run_batch(
        str(feed), dataclasses.replace(settings, cache_dir=str(tmp_path / "cache-p")),
        BatchOptions(out_dir=str(tmp_path / "process"), jobs=2),
    )  # fmt: skip
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None, host="127.0.0.1"
    ) as cluster:
        remote = run_batch(
            str(feed), dataclasses.replace(settings, cache_dir=str(tmp_path / "cache-d")),
            BatchOptions(out_dir=str(tmp_path / "dask"), executor="dask", scheduler=cluster.scheduler_address),
        )  # fmt: skip
    assert dict(remote.counts) == dict(local.counts)
    assert local.counts["rendered"] == 8 and local.counts["failed"] == 2
    assert [(r.key, r.status, r.slug, r.reason) for r in remote.reports] == [
        (r.key, r.status, r.slug, r.reason) for r in local.reports
    ]
    process, dask = _manifests(tmp_path / "process"), _manifests(tmp_path / "dask")
    assert len(process) == 8
    assert dask == process
    for slug in process:
        assert (tmp_path / "dask" / slug / f"{slug}.vtt").read_text() == (
            tmp_path / "process" / slug / f"{slug}.vtt"
        ).read_text()


def test_missing_dask_is_a_config_error(monkeypatch: pytest.MonkeyPatch, fake_settings: Settings) -> None:
    import builtins

    real_import = builtins.__import__

    def no_dask(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("dask"):
            raise ImportError("No module named 'dask'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    hint = r'dask.distributed, which is not installed \(pip install "audioreview\[dask\]"\)'
    with pytest.raises(ConfigError, match=hint), open_executor("dask", 2, fake_settings, "tcp://127.0.0.1:1"):
        pass
