"""Loaders that turn built-in datasets and user files into the canonical corpus table.

PROVISIONAL minimal version (foundation in progress): newsarticles and bbc only,
no cleaning or rejects yet. The signature of ``load_corpus`` is the stable contract.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd

CANONICAL_COLUMNS = ["doc_id", "date", "source", "title", "text", "url"]

_HOSTS = {
    "abcnews.go.com": "ABC News", "www.aljazeera.com": "Al Jazeera", "www.bbc.com": "BBC",
    "www.bbc.co.uk": "BBC", "edition.cnn.com": "CNN", "www.cnn.com": "CNN",
    "europe.chinadaily.com.cn": "China Daily", "www.chinadaily.com.cn": "China Daily",
    "usa.chinadaily.com.cn": "China Daily", "www.dw.com": "DW", "www.huffingtonpost.com": "HuffPost",
    "www.rte.ie": "RTE", "tass.com": "TASS",
}


def load_corpus(name_or_path, *, data_dir=None, sample=None, seed=0, **column_mapping) -> pd.DataFrame:
    from newsprism import config
    from newsprism.corpus.acquire import fetch

    data_dir = Path(data_dir) if data_dir is not None else config.data_dir()
    if name_or_path == "newsarticles":
        folder = fetch("newsarticles", data_dir)
        with zipfile.ZipFile(folder / "NewsArticles.zip") as z, z.open("NewsArticles.csv") as f:
            raw = pd.read_csv(f, dtype=str, keep_default_na=False)
        host = raw.article_source_link.str.extract(r"https?://([^/]+)")[0]
        df = pd.DataFrame({
            "doc_id": "na-" + raw.article_id,
            "date": pd.to_datetime(raw.publish_date, format="%Y/%m/%d", errors="coerce"),
            "source": host.map(_HOSTS).fillna(host),
            "title": raw.title, "text": raw.text, "url": raw.article_source_link,
        })
    elif name_or_path == "bbc":
        folder = fetch("bbc", data_dir)
        rows = []
        for path in sorted(folder.glob("*/*.txt")):
            lines = path.read_text(encoding="utf-8", errors="replace").split("\n", 1)
            rows.append({"doc_id": f"bbc-{path.parent.name}-{path.stem}", "date": pd.NaT,
                         "source": "BBC", "title": lines[0].strip(),
                         "text": lines[1].strip() if len(lines) > 1 else "", "url": "",
                         "topic": path.parent.name})
        df = pd.DataFrame(rows)
        df["date"] = pd.to_datetime(df["date"])
    else:
        raise NotImplementedError(name_or_path)
    if sample is not None:
        df = df.sample(n=min(sample, len(df)), random_state=seed).sort_index()
    return df.reset_index(drop=True)
