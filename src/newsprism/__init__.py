"""newsprism: topics, stance and themes over time in news coverage, outlet by outlet.

The package is organised along the data flow::

    corpus -> text -> features -> topics / stance / themes -> trends -> plots -> report

Importing ``newsprism`` does no work; import the submodule you need, e.g.::

    >>> from newsprism.corpus import load_corpus          # doctest: +SKIP
    >>> corpus = load_corpus("newsarticles")               # doctest: +SKIP
"""

__version__ = "0.1.0"
