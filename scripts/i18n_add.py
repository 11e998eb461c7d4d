"""Add or update texts in both catalogs at once.

    python scripts/i18n_add.py entries.json     # {"key": ["English", "中文"], ...}

A key whose value is ``null`` is removed from both catalogs.

Keys are message ids (``debts.saved``). Run under ``flock`` when several people
edit at once. ``make catalogs`` compiles the result.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1] / "bot" / "i18n"


def add(entries: dict[str, list[str] | None]) -> None:
    for idx, lang in ((0, "en"), (1, "zh_CN")):
        po = ROOT / lang / "LC_MESSAGES" / "messages.po"
        if po.exists():
            with po.open("rb") as fh:
                cat = read_po(fh, locale=lang)
        else:
            cat = Catalog(locale=lang, project="debt-coach", version="0.1", charset="utf-8")
        cat.fuzzy = False
        for key, texts in entries.items():
            if texts is None:
                if key in cat:
                    cat.delete(key)
                continue
            if len(texts) != 2 or not all(texts):
                raise SystemExit(f"{key}: need [English, 中文], both non-empty")
            if key in cat:
                cat[key].string = texts[idx]
            else:
                cat.add(key, texts[idx])
        tmp = po.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            write_po(fh, cat, width=0, sort_output=True)
        tmp.replace(po)


if __name__ == "__main__":
    for path in sys.argv[1:]:
        add(json.loads(Path(path).read_text(encoding="utf-8")))
        print(f"added {path}")
