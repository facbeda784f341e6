import pandas as pd
import pytest

from newsprism.cli import main


def test_prevalence_cli(tmp_path, capsys):
    a = pd.DataFrame({"doc_id": ["a", "b", "c"], "date": ["2017-01-02", "2017-01-03", "2017-01-12"],
                      "source": ["X", "X", "Y"], "theme": ["war", "oil", "war"]})
    path = tmp_path / "a.csv"
    a.to_csv(path, index=False)
    out = tmp_path / "p.csv"
    assert main(["themes", "prevalence", str(path), "--n-boot", "50", "--out", str(out)]) == 0
    p = pd.read_csv(out)
    assert {"period", "source", "theme", "share", "ci_low", "ci_high"} <= set(p.columns)
    assert "rows" in capsys.readouterr().out


def test_prevalence_cli_bad_input_is_one_line_error(tmp_path, capsys):
    path = tmp_path / "a.csv"
    pd.DataFrame({"doc_id": [1], "theme": ["x"]}).to_csv(path, index=False)
    assert main(["themes", "prevalence", str(path), "--out", str(tmp_path / "p.csv")]) == 1
    err = capsys.readouterr().err
    assert "a.csv" in err and "date" in err and err.count("\n") == 1


def test_themes_help_lists_actions(capsys):
    with pytest.raises(SystemExit):
        main(["themes", "--help"])
    out = capsys.readouterr().out
    assert "discover" in out and "guided" in out and "prevalence" in out
