from __future__ import annotations

import pytest

from newsprism.cli import main
from newsprism.errors import DataError


def test_help_lists_commands(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    assert "data" in capsys.readouterr().out


def test_no_command_prints_help_and_fails(capsys):
    assert main([]) == 2


def test_unknown_dataset_is_one_line_error(capsys, tmp_path):
    assert main(["data", "get", "nosuchcorpus", "--dest", str(tmp_path)]) != 0
    err = capsys.readouterr().err
    assert err.startswith("newsprism: error:") and "nosuchcorpus" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"path": "a.csv", "row": 3, "column": "text"}, "a.csv, row 3, column text: bad"),
        ({"path": "a.csv"}, "a.csv: bad"),
        ({}, "bad"),
    ],
)
def test_data_error_names_location(kwargs, expected):
    assert str(DataError("bad", **kwargs)) == expected
