"""The scaled pipeline (newsprism.workflows.scale): memory, stream and Dask engines give the
same tables; an interrupted streamed run resumes; the ``pipeline`` command."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from newsprism.cli import main
from newsprism.workflows.scale import ScaleConfig, in_sample, run_pipeline

CFG = ScaleConfig(chunk_rows=25, min_chars=30, n_themes=2, n_boot=40, n_features=2**10)


@pytest.fixture(scope="module")
def stream_run(source, tmp_path_factory):
    return run_pipeline(source, tmp_path_factory.mktemp("stream"), engine="stream", cfg=CFG)


def _same_tables(a, b):
    assert set(a["tables"]) == set(b["tables"]) == {"themes", "topics"}
    for name in a["tables"]:
        pd.testing.assert_frame_equal(a["tables"][name], b["tables"][name])
    for key in ("read", "kept", "rejected", "rejects", "duplicates"):
        assert a["summary"][key] == b["summary"][key]


def test_memory_and_stream_engines_give_the_same_tables(source, stream_run, tmp_path):
    _same_tables(run_pipeline(source, tmp_path, engine="memory", cfg=CFG), stream_run)
    assert stream_run["summary"]["read"] == 85
    assert stream_run["tables"]["themes"]["n_docs"].sum() > 0


def test_dask_engine_on_a_two_worker_local_cluster(source, stream_run, tmp_path):
    pytest.importorskip("distributed")
    run = run_pipeline(source, tmp_path, engine="dask", workers=2, cfg=CFG)
    _same_tables(run, stream_run)
    assign = pd.concat(pd.read_parquet(p) for p in sorted((tmp_path / "assign").glob("*.parquet")))
    assert len(assign) == stream_run["summary"]["kept"]


def test_interrupted_pipeline_resumes(source, stream_run, tmp_path):
    with pytest.raises(RuntimeError, match="partition 2"):
        run_pipeline(source, tmp_path, engine="stream", cfg=CFG, fail_at=2)
    assert not (tmp_path / "run.json").exists()
    _same_tables(run_pipeline(source, tmp_path, engine="stream", cfg=CFG), stream_run)


def test_the_sample_does_not_depend_on_order():
    ids = [f"doc{i}" for i in range(2000)]
    pick = in_sample(ids, 0.25, seed=0)
    assert 0.2 < pick.mean() < 0.3
    assert (in_sample(ids[::-1], 0.25, seed=0)[::-1] == pick).all()


def test_pipeline_command(source, tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["pipeline", str(source), "--out", str(out), "--chunk-rows", "30",
                 "--min-chars", "30", "--n-themes", "2", "--n-boot", "20", "--no-features"]) == 0
    run = json.loads((out / "run.json").read_text())
    assert run["engine"] == "stream" and run["summary"]["read"] == 85
    assert (out / "prevalence_themes.parquet").exists() and (out / "rejects.csv").exists()
    assert "read 85 = kept" in capsys.readouterr().out
