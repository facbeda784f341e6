"""The run configuration: study files, ``-p``/``-y`` values, checks against the notebooks."""

from __future__ import annotations

import json
import tomllib

import pytest

from newsprism import cli
from newsprism.errors import NewsprismError
from newsprism.report.config import (RunConfig, merged, notebook_parameters, parse_assignments,
                                     parse_value, read_config, validate)
from newsprism.report.template import render_template, toml_value

NOTEBOOK = '''# %% [markdown]
# # Echo

# %% tags=["parameters"]
corpus = "newsarticles"
fast = False
seed = 0
reports_dir = None
data_dir = None
cache_dir = None
{extra}

# %%
import json
from pathlib import Path
Path(reports_dir, "tables").mkdir(parents=True, exist_ok=True)
Path(reports_dir, "tables", "{stem}.json").write_text(json.dumps({{{names}}}))
'''


def _notebook(folder, stem, **params):
    extra = "\n".join(f"{k} = {v!r}  # the {k}" for k, v in params.items())
    names = ", ".join(f"{k!r}: {k}" for k in params)
    (folder / f"{stem}.py").write_text(NOTEBOOK.format(extra=extra, stem=stem, names=names))


@pytest.mark.parametrize(("text", "value"), [
    ("3", 3), ("-2", -2), ("0.25", 0.25), ("True", True), ("False", False), ("None", None),
    ("W", "W"), ("true", "true"), ("2016-12-01", "2016-12-01"), ("", ""),
])
def test_p_values_are_read_as_papermill_reads_them(text, value):
    assert parse_value(text) == value and type(parse_value(text)) is type(value)


def test_assignments_need_an_equals_sign_and_y_reads_yaml():
    assert parse_assignments(["outlets=[A, B C]", "n=3"], yaml=True) == {
        "outlets": ["A", "B C"], "n": 3}
    assert parse_assignments(["start=a=b"]) == {"start": "a=b"}
    with pytest.raises(NewsprismError, match="name=value"):
        parse_assignments(["period"])


def test_parameters_are_read_with_defaults_and_comments(tmp_path):
    _notebook(tmp_path, "01_a", period=None, outlets=["X", "Y"], n=3)
    params = notebook_parameters(tmp_path / "01_a.py")
    assert list(params)[-3:] == ["period", "outlets", "n"]
    assert params["outlets"].default == ["X", "Y"] and params["n"].comment == "the n"


def test_study_file_resolves_paths_against_its_folder(tmp_path):
    (tmp_path / "study").mkdir()
    (tmp_path / "study" / "mine.csv").write_text("x")
    (tmp_path / "study" / "study.toml").write_text(
        'corpus = "mine.csv"\ntargets_file = "t.toml"\nperiod = "M"\n'
        'train_corpus = "bbc"\n[notebook.04]\nn_themes = 12\n')
    config = read_config(tmp_path / "study" / "study.toml")
    assert config.shared["corpus"] == str(tmp_path / "study" / "mine.csv")
    assert config.shared["targets_file"] == str(tmp_path / "study" / "t.toml")  # not there yet
    assert config.shared["train_corpus"] == "bbc"  # a built-in name stays a name
    assert config.per_notebook == {"04": {"n_themes": 12}}


@pytest.mark.parametrize(("text", "match"), [
    ("period = \n", "not valid TOML"),
    ("notebook = 3\n", "must be a table"),
])
def test_bad_study_files_are_clear_errors(tmp_path, text, match):
    (tmp_path / "s.toml").write_text(text)
    with pytest.raises(NewsprismError, match=match):
        read_config(tmp_path / "s.toml")


DECLARED = {"01_overview": {"corpus": 1, "seed": 1, "top_terms": 1},
            "04_themes": {"corpus": 1, "seed": 1, "period": 1, "n_themes": 1}}


@pytest.mark.parametrize(("config", "match"), [
    (RunConfig(shared={"perod": "M"}), "no notebook has the parameter perod"),
    (RunConfig(shared={"reports_dir": "x"}), "set by the report runner"),
    (RunConfig(per_notebook={"07": {"n": 1}}), r"\[notebook.07\]: no such notebook"),
    (RunConfig(per_notebook={"01": {"period": "M"}}), "01_overview has no parameter period"),
])
def test_unknown_names_list_the_known_ones_per_notebook(config, match):
    with pytest.raises(NewsprismError, match=match) as info:
        validate(config, DECLARED)
    assert "04_themes: corpus, seed, period, n_themes" in str(info.value)


def test_each_notebook_gets_what_it_declares_and_the_command_line_wins():
    config = validate(RunConfig(shared={"period": "M", "top_terms": 5},
                                per_notebook={"themes": {"n_themes": 9, "period": "Q"}}), DECLARED)
    assert config.for_notebook("01_overview", DECLARED["01_overview"]) == {"top_terms": 5}
    assert config.for_notebook("04_themes", DECLARED["04_themes"]) == {"period": "Q", "n_themes": 9}
    cli_wins = merged(config, {"period": "D"})
    assert cli_wins.for_notebook("04_themes", DECLARED["04_themes"]) == {"period": "D", "n_themes": 9}


@pytest.mark.parametrize(("value", "text"), [
    (None, None), ([1, None], None), ("a \"b\"", '"a \\"b\\""'), (3, "3"), (False, "false"),
])
def test_toml_values(value, text):
    assert toml_value(value) == text


def test_the_template_is_valid_toml_once_uncommented(tmp_path):
    _notebook(tmp_path, "01_a", period=None, outlets=["X"], n=3)
    _notebook(tmp_path, "02_b", n=3, label_col="topic")
    text = render_template(sorted(tmp_path.glob("*.py")), corpus="mine.csv")
    settings = [line[2:].split("  #")[0] for line in text.splitlines()
                if line.startswith("# ") and " = " in line and "(default" not in line
                and "[notebook" not in line and "n_themes" not in line]
    parsed = tomllib.loads("\n".join(settings))
    assert parsed == {"seed": 0, "outlets": ["X"], "n": 3, "label_col": "topic"}
    assert 'corpus = "mine.csv"' in text and "period =  (default None)" in text


def test_report_passes_the_configuration_to_each_notebook(tmp_path, monkeypatch):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    _notebook(notebooks, "01_a", period=None, top=3)
    _notebook(notebooks, "02_b", period=None, label_col="topic")
    (tmp_path / "raw").mkdir()
    (tmp_path / "mine.csv").write_text("id,text\n1,hello\n")
    (tmp_path / "study.toml").write_text(
        'corpus = "mine.csv"\nperiod = "M"\n[notebook.02]\nlabel_col = "tag"\n')
    monkeypatch.chdir(tmp_path)
    code = cli.main(["report", "--config", "study.toml", "-p", "top=5", "--notebooks", "notebooks",
                     "--out", "out", "--data-dir", "raw", "--cache-dir", "cache", "--jobs", "1"])
    assert code == 0
    seen = {s: json.loads((tmp_path / "out" / "tables" / f"{s}.json").read_text())
            for s in ("01_a", "02_b")}
    assert seen == {"01_a": {"period": "M", "top": 5}, "02_b": {"period": "M", "label_col": "tag"}}
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["configuration"]["per_notebook"] == {"02_b": {"label_col": "tag"}}
    assert manifest["configuration"]["parameters"] == {"period": "M", "top": 5}
    assert manifest["parameters"]["corpus"] == str(tmp_path / "mine.csv")
    index = (tmp_path / "out" / "index.html").read_text()
    assert "label_col" in index and "Corpus <b>mine</b>" in index


def test_unknown_parameter_on_the_command_line_fails_before_running(tmp_path, capsys):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    _notebook(notebooks, "01_a", top=3)
    (tmp_path / "mine.csv").write_text("id,text\n1,hello\n")
    code = cli.main(["report", "--corpus", str(tmp_path / "mine.csv"), "-p", "tpo=5",
                     "--notebooks", str(notebooks), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1 and "no notebook has the parameter tpo" in err and "01_a: corpus, seed, top" in err
    assert not (tmp_path / "out").exists()


def test_init_config_writes_a_template_once(tmp_path, capsys):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    _notebook(notebooks, "01_a", top=3)
    target = tmp_path / "study.toml"
    assert cli.main(["report", "--init-config", str(target), "--notebooks", str(notebooks)]) == 0
    assert "# top = 3  # the top" in target.read_text()
    assert cli.main(["report", "--init-config", str(target), "--notebooks", str(notebooks)]) == 1
    assert "exists" in capsys.readouterr().err
