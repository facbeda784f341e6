"""StaticEmbeddingVectorizer: offline loading, pooling, empty texts, skops round trip."""

import numpy as np
import pytest

pytest.importorskip("wordllama")

from newsprism.features.embeddings import (StaticEmbeddingVectorizer, load_static_model,
                                           mean_token_embeddings)


class WordIdTokenizer:
    """One token per whitespace word; the id is given by a small dictionary."""

    def __init__(self, vocab):
        self.vocab = vocab

    def encode_batch(self, texts, add_special_tokens=False):
        return [type("Encoding", (), {"ids": [self.vocab[w] for w in t.split()]})
                for t in texts]


TABLE = np.array([[1, 0], [0, 1], [3, 4]], dtype=np.float32)
TOKENIZER = WordIdTokenizer({"a": 0, "b": 1, "c": 2})


@pytest.mark.parametrize("text, expected", [
    ("a", [1.0, 0.0]),
    ("a b", [0.5, 0.5]),
    ("a a b", [2 / 3, 1 / 3]),          # repeated tokens count every time
    ("c", [3.0, 4.0]),
    ("", [0.0, 0.0]),
])
def test_mean_of_token_vectors(text, expected):
    out = mean_token_embeddings([text], TABLE, TOKENIZER, norm=False)
    np.testing.assert_allclose(out[0], expected, rtol=1e-6)


def test_norm_gives_unit_rows_and_keeps_empty_rows_zero():
    out = mean_token_embeddings(["c", "", "a b"], TABLE, TOKENIZER, norm=True)
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), [1.0, 0.0, 1.0], rtol=1e-6)


def test_batches_give_the_same_rows_as_one_batch():
    texts = ["a", "", "b c", "c c a", "", "b"]
    whole = mean_token_embeddings(texts, TABLE, TOKENIZER, batch_size=100)
    split = mean_token_embeddings(texts, TABLE, TOKENIZER, batch_size=2)
    np.testing.assert_array_equal(whole, split)


def test_loads_the_shipped_model_without_network():
    table, tokenizer = load_static_model()
    assert table.shape == (32000, 256)
    assert not table.flags.writeable
    assert tokenizer.encode("NATO", add_special_tokens=False).ids


def test_unknown_model_is_a_clear_error():
    from newsprism.errors import NewsprismError

    with pytest.raises(NewsprismError, match="unknown static embedding model"):
        StaticEmbeddingVectorizer(model="nope").fit(["x"])


def test_similar_sentences_are_closer_than_unrelated_ones():
    vec = StaticEmbeddingVectorizer().fit(["x"])
    X = vec.transform(["Moscow slammed the alliance", "Russia condemned NATO expansion",
                       "The stock market rallied"])
    assert X @ X[1] @ np.array([1, 0, -1]) > 0.1


def test_weight_scales_rows_and_empty_and_missing_texts_are_zero():
    X = StaticEmbeddingVectorizer(weight=0.5).fit_transform(["NATO and Russia", "", None])
    assert X.dtype == np.float32 and X.shape == (3, 256)
    assert np.linalg.norm(X[0]) == pytest.approx(0.5, rel=1e-5)
    assert not X[1:].any()


def test_single_string_and_unfitted_use_are_errors():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        StaticEmbeddingVectorizer().transform(["x"])
    with pytest.raises(TypeError, match="single string"):
        StaticEmbeddingVectorizer().fit(["x"]).transform("NATO")


def test_skops_round_trip_gives_identical_vectors(tmp_path):
    from newsprism.persist import load_model, save_model

    vec = StaticEmbeddingVectorizer(weight=2.0).fit(["x"])
    path = tmp_path / "emb.skops"
    save_model(vec, path, card={"purpose": "test"})
    again = load_model(path)
    texts = ["Russia and NATO", "China Daily"]
    np.testing.assert_array_equal(vec.transform(texts), again.transform(texts))
