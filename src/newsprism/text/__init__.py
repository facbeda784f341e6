"""News-aware text processing: normalisation, sentences, tokens, stop words and phrases.

Every function takes one string or a pandas Series / iterable of strings and never raises
on arbitrary Unicode.  See ``docs/text.md``.

Example:
    >>> tokenize("The U.S. said NATO's plan...")
    ['u.s.', 'nato', 'plan']
    >>> sentences("Mr. Lavrov met Gen. Smith at 9 a.m. Saturday. They talked.")
    ['Mr. Lavrov met Gen. Smith at 9 a.m. Saturday.', 'They talked.']
"""

from newsprism.text.normalize import join_title_text, normalize
from newsprism.text.phrases import CONNECTOR_WORDS, PhraseModel
from newsprism.text.sentences import sentence_spans, sentences
from newsprism.text.stopwords import get_stop_words, news_kept_words, news_stop_words
from newsprism.text.tokenize import NUMBER_PLACEHOLDER, TOKENIZER_OPTIONS, NewsAnalyzer, tokenize

__all__ = [
    "CONNECTOR_WORDS", "NUMBER_PLACEHOLDER", "NewsAnalyzer", "PhraseModel", "TOKENIZER_OPTIONS",
    "get_stop_words",
    "join_title_text",
    "news_kept_words", "news_stop_words", "normalize", "sentence_spans", "sentences",
    "tokenize",
]
