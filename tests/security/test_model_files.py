"""A model file from a stranger must never run code: crafted skops files are refused before
any object is built (issue 18, item 1)."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from newsprism.errors import UntrustedModelError
from newsprism.fingerprint import file_sha256
from newsprism.persist import SAVED_TYPES, card_paths, load_model, save_model


def _json_str(value: str) -> dict:
    return {"__class__": "str", "__module__": "builtins", "__loader__": "JsonNode",
            "content": json.dumps(value), "is_json": True}


def _reduce_node(module: str, name: str, *args: dict) -> dict:
    return {"__class__": name, "__module__": module, "__loader__": "ConstructorFromReduceNode",
            "content": {"__class__": "tuple", "__module__": "builtins",
                        "__loader__": "TupleNode", "content": list(args)}}


def _rewrite(path, edit) -> None:
    """Edit the schema of a skops file and re-hash its card, as an attacker shipping both would."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    schema = json.loads(members["schema.json"])
    edit(schema)
    members["schema.json"] = json.dumps(schema).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    card_json, _ = card_paths(path)
    card = json.loads(card_json.read_text())
    card["model_sha256"] = file_sha256(path)
    card_json.write_text(json.dumps(card))


def _payloads(marker):
    code = f"open({str(marker)!r}, 'w').write('x')"
    shell = f"touch {marker}"
    return {
        "builtins.exec": _reduce_node("builtins", "exec", _json_str(code)),
        "builtins.eval": _reduce_node("builtins", "eval", _json_str(code)),
        "os.system": _reduce_node("os", "system", _json_str(shell)),
        "posix.system": _reduce_node("posix", "system", _json_str(shell)),
        "subprocess.getoutput": _reduce_node("subprocess", "getoutput", _json_str(shell)),
        "subprocess.Popen": _reduce_node("subprocess", "Popen", _json_str(shell)),
        "builtins.getattr": _reduce_node(
            "builtins", "getattr", _reduce_node("builtins", "__import__", _json_str("os")),
            _json_str("system")),
        "functools.partial exec": {
            "__class__": "partial", "__module__": "functools", "__loader__": "PartialNode",
            "content": {"func": {"__class__": "exec", "__module__": "builtins",
                                 "__loader__": "FunctionNode", "content": {
                                     "module_path": "builtins", "function": "exec"}},
                        "args": {"__class__": "tuple", "__module__": "builtins",
                                 "__loader__": "TupleNode", "content": [_json_str(code)]},
                        "kwds": {"__class__": "dict", "__module__": "builtins",
                                 "__loader__": "DictNode", "content": {}, "key_types": {
                                     "__class__": "list", "__module__": "builtins",
                                     "__loader__": "ListNode", "content": []}},
                        "namespace": {"__class__": "dict", "__module__": "builtins",
                                      "__loader__": "DictNode", "content": {}, "key_types": {
                                          "__class__": "list", "__module__": "builtins",
                                          "__loader__": "ListNode", "content": []}}}},
        "newsprism-looking module": _reduce_node("newsprism.persist", "os.system",
                                                 _json_str(shell)),
    }


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "m.skops"
    save_model(LogisticRegression().fit([[0.0], [1.0]], [0, 1]), path, card={"task": "demo"})
    return path


@pytest.mark.parametrize("name", list(_payloads("x")))
@pytest.mark.parametrize("where", ["attribute", "top level"])
def test_crafted_file_is_refused_and_nothing_runs(saved, tmp_path, name, where):
    marker = tmp_path / "PWNED"
    payload = _payloads(marker)[name]

    def plant(schema):
        if where == "attribute":
            schema["content"]["content"]["evil"] = payload
            key_types = schema["content"]["key_types"]["content"]
            key_types.append(dict(key_types[0]))  # skops builds a key only with its type
        else:
            schema.clear()
            schema.update(payload, protocol=2, _skops_version="0.16.0")

    _rewrite(saved, plant)
    with pytest.raises(UntrustedModelError) as caught:
        load_model(saved, expected=LogisticRegression)
    assert str(saved) in str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(UntrustedModelError):
        load_model(saved)  # the default expectation (a newsprism model type) refuses it too
    assert not marker.exists()


def test_top_level_type_is_checked_before_loading(saved):
    with pytest.raises(UntrustedModelError, match="holds a sklearn.linear_model"):
        load_model(saved)  # a LogisticRegression is not a newsprism model type
    from sklearn.naive_bayes import MultinomialNB

    with pytest.raises(UntrustedModelError, match="expected sklearn.naive_bayes.MultinomialNB"):
        load_model(saved, expected=MultinomialNB)
    assert load_model(saved, expected=LogisticRegression).predict([[1.0]]).tolist() == [1]


def test_prefix_tricks_do_not_match_the_allow_list():
    assert all("." in name and not name.endswith(".") for name in SAVED_TYPES)
    assert not {"builtins.exec", "newsprism.", "os.system"} & SAVED_TYPES


@pytest.mark.parametrize("card_text", ["not json", "[1, 2]", "[" * 100_000, "\udcff"])
def test_card_that_is_not_a_json_object_is_a_one_line_error(saved, card_text):
    card_json, _ = card_paths(saved)
    card_json.write_text(card_text, errors="surrogateescape")
    with pytest.raises(UntrustedModelError, match="model card") as caught:
        load_model(saved, expected=LogisticRegression)
    assert "\n" not in str(caught.value)


def test_deeply_nested_schema_is_refused(saved):
    depth = 50_000
    opening = '{"__class__": "list", "__module__": "builtins", "__loader__": "ListNode", "content": ['
    nested = opening * depth + "]}" * depth

    def nest(schema):
        schema["content"]["content"]["evil"] = "@NESTED@"

    _rewrite(saved, nest)
    with zipfile.ZipFile(saved) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["schema.json"] = members["schema.json"].replace(b'"@NESTED@"', nested.encode())
    with zipfile.ZipFile(saved, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(UntrustedModelError, match="not a readable skops file"):
        load_model(saved, expected=LogisticRegression, check_card=False)


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04garbage", b"\x00" * 100])
def test_garbage_file_is_refused(tmp_path, data):
    path = tmp_path / "m.skops"
    path.write_bytes(data)
    with pytest.raises(UntrustedModelError):
        load_model(path, check_card=False)


def test_allow_list_covers_every_model_newsprism_saves_and_nothing_more(tmp_path, fitted_models):
    """Save one fitted instance of each model kind; the union of the types skops does not
    trust by itself must be exactly SAVED_TYPES (a stale entry is an opening, a missing one a
    model that cannot be loaded)."""
    import skops.io as sio

    seen = set()
    for name, model in fitted_models.items():
        path = tmp_path / f"{name}.skops"
        save_model(model, path)
        seen |= set(sio.get_untrusted_types(file=path))
        assert load_model(path) is not None
    assert seen == SAVED_TYPES
