"""Skip what a corpus cannot support, say why, and let the report finish.

A notebook run on a degenerate corpus (five articles, no dates, one outlet) must not end the
whole report with an internal error. Instead, a section states what it needs and is
skipped with that reason when the corpus falls short:

.. code-block:: python

    from newsprism.report.sections import require, section, skip_rest

    with section("Documents per outlet and week") as weekly:
        require(docs["date"].notna().any(), "no document has a date")
        ...                                    # not run when the requirement fails
    if weekly.done:
        ...                                    # a later cell that uses its results

    if len(docs) < 50:                         # nothing below can run: end the notebook here
        skip_rest("Topic classifier", f"needs at least 50 documents, the corpus has {len(docs)}")

Each skip is shown in the notebook as a short note and recorded in its output; the report
runner lists every skipped section, with its reason, in ``index.html`` and
``manifest.json``. Only :func:`require` skips: any other exception is a bug and still
fails the notebook.

Example:
    >>> with section("Weekly counts", display=lambda *a, **k: None) as s:
    ...     require(False, "no document has a date")
    >>> s.done, s.reason
    (False, 'no document has a date')
"""

from __future__ import annotations

from newsprism.report.clean import SKIP_MIME


class SectionSkipped(Exception):
    """Raised by :func:`require` when a section's requirement fails; caught by :func:`section`."""


class RestSkipped(Exception):
    """Raised by :func:`skip_rest`: the report runner ends the notebook there, successfully."""


class Section:
    """What :func:`section` yields: ``done`` once the block ran to its end, else ``reason``."""

    def __init__(self, title: str, skip_on: tuple = (), display=None):
        self.title, self.done, self.reason = title, False, None
        self._skip_on, self._display = (SectionSkipped, *skip_on), display

    def __enter__(self) -> Section:
        return self

    def __exit__(self, kind, error, tb) -> bool:
        if kind is None:
            self.done = True
            return False
        if issubclass(kind, self._skip_on):
            self.reason = str(error)
            skip(self.title, self.reason, display=self._display)
            return True
        return False


def section(title: str, *, skip_on: tuple = (), display=None) -> Section:
    """A ``with`` block that is skipped, with a note, when a :func:`require` inside fails.

    ``skip_on`` names further exception types that mean "this corpus cannot support the
    section" (e.g. ``newsprism.features.distinctive.NotEnoughText``); their message is the
    reason. Name only such specific types, never ``Exception`` or ``ValueError``: a bug must
    still fail the notebook. ``display`` replaces IPython's ``display`` (tests, scripts).
    """
    return Section(title, skip_on=tuple(skip_on), display=display)


def require(condition, reason: str) -> None:
    """Skip the enclosing :func:`section` with ``reason`` unless ``condition`` holds."""
    if not condition:
        raise SectionSkipped(reason)


def skip(title: str, reason: str, *, display=None) -> None:
    """Show that section ``title`` was skipped and why; the report index lists it."""
    if display is None:
        from IPython.display import display
    text = f"**Skipped: {title}.** {reason}"
    display({"text/markdown": text, "text/plain": f"Skipped: {title}. {reason}",
             SKIP_MIME: {"section": title, "reason": reason}}, raw=True)


def skip_rest(title: str, reason: str, *, display=None) -> None:
    """Skip everything from here to the end of the notebook; the report still completes.

    Outside the report runner (e.g. in JupyterLab) the cell shows a ``RestSkipped`` error
    after the note and the following cells are simply not run.
    """
    skip(title, reason, display=display)
    raise RestSkipped(f"{title}: {reason}")
