"""Fonts for the /plan chart: a Simplified Chinese face found and pinned explicitly.

Noto Sans CJK ships as a .ttc collection whose first face is the Japanese one, so the
SC face is selected by index (``FontPath``), not by family name (matplotlib's font
cache may predate the font's installation). ``CHART_FONT`` names a file, or turns
Chinese glyphs off (``none``). Every label is checked against the face's character
map, so a chart never shows empty boxes.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
from matplotlib import ft2font
from matplotlib.font_manager import FontPath, FontProperties, findSystemFonts

_log = logging.getLogger(__name__)

# Families with Simplified Chinese glyph shapes, best first.
CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "WenQuanYi Zen Hei",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans SC",
)
# Font files worth opening in the search (lower case, without spaces, "-" and "_").
_FILE_HINTS = ("cjk", "wqy", "zenhei", "sourcehan", "notosanssc")
# Simplified-only characters: a font covering them can show Chinese lender names.
_CJK_PROBE = "还款教练"
_ENV = "CHART_FONT"
_ENV_OFF = ("none", "off", "0", "false")


# --- fonts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartFont:
    """One font face: file, face index in a collection, family, covered code points."""

    path: str
    index: int
    family: str
    codepoints: frozenset[int] = field(repr=False, compare=False)

    def covers(self, text: str) -> bool:
        """True if every character of ``text`` (line breaks aside) has a glyph here."""
        return all(ord(ch) in self.codepoints for ch in text if ch != "\n")

    def properties(self, size: float) -> FontProperties:
        """Fresh FontProperties (they are mutable) pinned to this exact face."""
        return FontProperties(fname=FontPath(self.path, self.index), size=size)


_lock = threading.Lock()
_fonts: dict[str, ChartFont | None] = {}


def clear_font_cache() -> None:
    """Forget the fonts found (tests; or after installing a font or changing CHART_FONT)."""
    with _lock:
        _fonts.clear()


def chart_font() -> ChartFont | None:
    """The CJK (Simplified Chinese) chart font, or None if there is none; looked up once.

    The first call costs ~50-100 ms (more on a cold disk cache): call it at startup.
    """
    with _lock:
        if "cjk" not in _fonts:
            _fonts["cjk"] = _find_cjk_font()
        return _fonts["cjk"]


def cjk_font_available() -> bool:
    return chart_font() is not None


def chart_font_name() -> str | None:
    """Family of the CJK chart font, e.g. ``Noto Sans CJK SC``; None without one."""
    font = chart_font()
    return font.family if font else None


def _latin_font() -> ChartFont:
    """DejaVu Sans as shipped inside matplotlib: always there (Latin, Greek, Cyrillic)."""
    with _lock:
        font = _fonts.get("latin")
        if font is None:
            path = str(Path(matplotlib.get_data_path(), "fonts", "ttf", "DejaVuSans.ttf"))
            font = _fonts["latin"] = ChartFont(path, 0, "DejaVu Sans", _codepoints(path, 0))
        return font


def _codepoints(path: str, index: int) -> frozenset[int]:
    """The face's Unicode cmap, read by FreeType (matplotlib's FT2Font). fontTools'
    getBestCmap gives the same set but takes ~20x longer on the 19 MB Noto .ttc."""
    return frozenset(ft2font.FT2Font(path, face_index=index).get_charmap())


def _faces(path: str) -> list[tuple[int, str, str]]:
    """(face index, family, style) of each face in a font file; [] if unreadable."""
    try:
        first = ft2font.FT2Font(path)
        faces = [(0, first.family_name, first.style_name)]
        for i in range(1, first.num_faces):
            face = ft2font.FT2Font(path, face_index=i)
            faces.append((i, face.family_name, face.style_name))
    except (OSError, RuntimeError, ValueError) as exc:
        _log.warning("chart font %s unreadable: %s", path, exc)
        return []
    return faces


def _family_rank(family: str) -> int | None:
    for rank, wanted in enumerate(CJK_FAMILIES):
        if family == wanted or family.startswith(wanted + " "):
            return rank
    return None


def _style_rank(style: str) -> int:
    return {"regular": 0, "book": 0, "normal": 0, "medium": 1}.get(style.lower(), 2)


def _usable(path: str, index: int, family: str) -> ChartFont | None:
    try:
        font = ChartFont(path, index, family, _codepoints(path, index))
    except (OSError, RuntimeError, ValueError) as exc:
        _log.warning("chart font %s face %d unreadable: %s", path, index, exc)
        return None
    if not font.covers(_CJK_PROBE):
        _log.warning("chart font %s face %d (%s) lacks Chinese glyphs", path, index, family)
        return None
    return font


def _from_file(path: str) -> ChartFont | None:
    """The best face of a font file named by CHART_FONT: a known SC family first, then a
    family marked SC/CN/GB/Hans, then the first face."""

    def preference(face: tuple[int, str, str]) -> tuple[int, bool, int, int]:
        index, family, style = face
        rank = _family_rank(family)
        simplified = re.search(r"\b(SC|CN|GB|Hans)\b", family) is not None
        return (
            len(CJK_FAMILIES) if rank is None else rank,
            not simplified,
            _style_rank(style),
            index,
        )

    faces = _faces(path)
    if not faces:
        return None
    index, family, _style = min(faces, key=preference)
    return _usable(path, index, family)


def _find_cjk_font() -> ChartFont | None:
    env = os.environ.get(_ENV, "").strip()
    if env.lower() in _ENV_OFF:
        _log.info("%s=%s: charts use Latin labels only", _ENV, env)
        return None
    if env:
        font = _from_file(env) if os.path.isfile(env) else None
        if font:
            _log.info("chart font from %s: %s (%s face %d)", _ENV, font.family, env, font.index)
            return font
        _log.warning("%s=%s is not a usable CJK font; searching the system fonts", _ENV, env)
    candidates: list[tuple[int, int, str, int, str]] = []
    for path in findSystemFonts(fontext="ttf"):  # .ttf, .otf and .ttc files
        squashed = re.sub(r"[\s_\-]", "", os.path.basename(path).lower())
        if not any(hint in squashed for hint in _FILE_HINTS):
            continue
        for index, family, style in _faces(path):
            rank = _family_rank(family)
            if rank is not None:
                candidates.append((rank, _style_rank(style), path, index, family))
    for _rank, _style, path, index, family in sorted(candidates):
        font = _usable(path, index, family)
        if font:
            _log.info("chart font: %s (%s face %d)", family, path, index)
            return font
    _log.warning("no CJK font for charts (install fonts-noto-cjk); using Latin labels")
    return None
