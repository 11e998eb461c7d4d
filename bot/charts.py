"""The /plan chart: each debt's balance month by month until the debt-free date, as PNG.

One stacked area per debt (the debt paid first on top, so the layers peel off from the
top as the plan goes on), the debt-free month marked in green, a shortfall month in red.
Sized for a phone: 1000 x 640 px, large type, at most ~6 month labels, legend inside.

A plan that never ends or takes too long (``Plan.outcome``) is drawn for its first
:data:`MAX_UNENDING_MONTHS` months only, never out to the horizon (where a never-ending
balance reaches trillions), and a never-ending one is annotated in red with how much the
balance grows each month (``+¥2,750.00``: a number, or the caller's ``growth_label``).

Text. The only words drawn are the caller's ``title`` and ``note`` (localized by the bot
from its catalog) and the lender names; everything else is numbers and dates. Chinese
needs a CJK font with Simplified Chinese glyph shapes, looked up once (:func:`chart_font`):
``$CHART_FONT`` (a font file; ``none`` turns CJK off), else Noto Sans CJK SC, WenQuanYi
Zen Hei, Source Han Sans SC / CN, Noto Sans SC among the system fonts. In a .ttc
collection the face is picked by its family name and given to matplotlib as
``FontPath(path, face_index)`` (matplotlib >= 3.11): ``FontProperties(fname=path)`` alone
loads face 0, which in NotoSansCJK-Regular.ttc is the Japanese face (JP glyph shapes).

No tofu: a string is drawn only if the font has a glyph for each of its characters
(checked against the face's cmap). A lender name the font cannot show becomes ``D1``,
``D2``... (numbered in payment order); without a CJK font every debt is ``Dn``, written
``Dn = name`` when the Latin font covers the name; a title or note the font cannot show
is left out, so the bot should also put it in the caption (:func:`chart_labels` and
:func:`cjk_font_available` tell it what the chart shows).

Thread safety: no pyplot and no rcParams changes; each call builds its own ``Figure`` on
its own ``FigureCanvasAgg``. The font lookup runs once under a lock; its result is
immutable.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import math
import unicodedata
from collections.abc import Mapping
from decimal import Decimal

import numpy as np
from babel.numbers import format_currency, format_decimal, get_currency_symbol
from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from PIL import Image

from bot.chart_fonts import (
    CJK_FAMILIES,
    ChartFont,
    _latin_font,
    chart_font,
    chart_font_name,
    cjk_font_available,
    clear_font_cache,
)
from coach.planner import DebtId, Plan

__all__ = [
    "CJK_FAMILIES",
    "MAX_UNENDING_MONTHS",
    "ChartFont",
    "chart_font",
    "chart_font_name",
    "chart_labels",
    "cjk_font_available",
    "clear_font_cache",
    "plan_figure",
    "render_plan_chart",
]

_log = logging.getLogger(__name__)


WIDTH_PX, HEIGHT_PX, DPI = 1000, 640, 100
MAX_POINTS = 120  # x positions drawn at most; longer plans are sampled evenly
MAX_UNENDING_MONTHS = 24  # months drawn of a plan that never ends or takes too long
MAX_LEGEND = 12  # legend entries at most; past that the last one reads "+N"
TITLE_PT, NOTE_PT, TICK_PT, LEGEND_PT, MARK_PT = 22, 17, 16, 16, 17
GREEN, RED, GREY, INK = "#1b7f3b", "#c62828", "#5f6368", "#111111"


# --- labels -----------------------------------------------------------------------------


def _legend_shape(count: int) -> tuple[int, int, int]:
    """(debts listed by name, columns, name width in half-width cells) for ``count``."""
    listed = count if count <= MAX_LEGEND else MAX_LEGEND - 1
    entries = listed + (listed < count)
    columns = 1 if entries <= 5 else 2
    return listed, columns, 24 if columns == 1 else 16


def _cells(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _clean(name: str, cells: int, font: ChartFont) -> str:
    """One line, no control characters, cut to ``cells`` half-width cells (with "…")."""
    text = unicodedata.normalize("NFC", name)
    text = " ".join("".join(ch for ch in text if unicodedata.category(ch)[0] != "C").split())
    if sum(map(_cells, text)) <= cells:
        return text
    ellipsis = "…" if font.covers("…") else ""
    room = cells - len(ellipsis)
    cut = ""
    for ch in text:
        room -= _cells(ch)
        if room < 0:
            break
        cut += ch
    return cut.rstrip() + ellipsis


def _charted(plan: Plan) -> list[DebtId]:
    """Debts with a balance at the start, in payment order (month 1 lists them all)."""
    rows = plan.schedule
    return [line.debt_id for line in rows[0].debts] if rows else []


def chart_labels(
    plan: Plan, names: Mapping[DebtId, str], *, allow_cjk: bool = True
) -> dict[DebtId, str]:
    """The legend text of each charted debt, in payment order (``D1`` = paid first).

    With a CJK font: the lender name (shortened to fit), or ``Dn`` if the font lacks one of
    its characters. Without one (or ``allow_cjk=False``): ``Dn = name`` when the Latin
    font covers the name, else ``Dn``. The bot can explain the codes in the caption.
    Debts without a name in ``names`` get their code.
    """
    cjk_font = chart_font() if allow_cjk else None
    font = cjk_font or _latin_font()
    debt_ids = _charted(plan)
    _listed, _columns, cells = _legend_shape(len(debt_ids))
    labels: dict[DebtId, str] = {}
    for n, debt_id in enumerate(debt_ids, start=1):
        code = f"D{n}"
        name = names.get(debt_id) or ""
        text = _clean(name, cells if cjk_font else cells - len(code) - 3, font)
        if not text or not font.covers(text):
            labels[debt_id] = code
        else:
            labels[debt_id] = text if cjk_font else f"{code} = {text}"
    return labels


# --- numbers and dates ------------------------------------------------------------------


def _locale(lang: str) -> str:
    return "zh_Hans_CN" if lang.lower().startswith("zh") else "en_US"


def _month_label(start: dt.date, month: int) -> str:
    """``YYYY-MM`` of plan month ``month``; month 1 is the calendar month of ``start``."""
    index = start.year * 12 + start.month - 1 + month - 1
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _month_step(months: int) -> int:
    """Months between x labels: a calendar-friendly step giving at most 6 labels."""
    for step in (1, 2, 3, 6, 12, 24, 36, 60, 120):
        if months <= step * 6:
            return step
    return 120


def _sample(last: int) -> list[int]:
    """x positions 0..last, at most MAX_POINTS of them, both ends included."""
    if last + 1 <= MAX_POINTS:
        return list(range(last + 1))
    return sorted({round(i * last / (MAX_POINTS - 1)) for i in range(MAX_POINTS)})


def _to_float(amount: Decimal) -> float:
    # The plotting edge: matplotlib positions pixels with floats. Money stays Decimal
    # everywhere else (this module's inputs included); no float goes back into figures.
    return float(amount)


# --- the chart --------------------------------------------------------------------------


def _fit(
    renderer: RendererAgg, text: str, font: ChartFont, size: float, width: float
) -> FontProperties:
    """Font properties at ``size`` points, smaller (down to 60%) if a line is too wide."""
    props = font.properties(size)
    measure = renderer.get_text_width_height_descent
    widest = max(
        measure(line, props, ismath=False)[0]  # type: ignore[no-untyped-call]
        for line in text.split("\n")
    )
    if widest > width:
        props.set_size(max(size * 0.6, size * width / widest))
    return props


def plan_figure(
    plan: Plan,
    names: Mapping[DebtId, str],
    *,
    start: dt.date,
    lang: str,
    currency: str | None,
    title: str,
    note: str | None = None,
    allow_cjk: bool = True,
    growth_label: str | None = None,
) -> Figure:
    """The chart as a matplotlib Figure on its own Agg canvas (see render_plan_chart)."""
    cjk_font = chart_font() if allow_cjk else None
    font = cjk_font or _latin_font()
    locale = _locale(lang)
    fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, facecolor="white")
    canvas = FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
    ax = fig.add_axes((0.1, 0.1, 0.85, 0.75))

    # Data. x = 0 is the balance today (month 1's balance + payment - interest); x = m
    # is the balance after month m's payment; a debt missing from a row is paid off.
    # A plan that doesn't end: its first MAX_UNENDING_MONTHS months only.
    unending = plan.outcome in ("never_ends", "too_long")
    rows = plan.schedule[:MAX_UNENDING_MONTHS] if unending else plan.schedule
    months = len(rows)
    labels = chart_labels(plan, names, allow_cjk=allow_cjk)
    debt_ids = list(labels)
    xs = _sample(months) if months else []
    series: dict[DebtId, list[float]] = {debt_id: [] for debt_id in debt_ids}
    for x in xs:
        if x == 0:
            balances = {d.debt_id: d.balance + d.payment - d.interest for d in rows[0].debts}
        else:
            balances = {d.debt_id: d.balance for d in rows[x - 1].debts}
        for debt_id in debt_ids:
            series[debt_id].append(_to_float(balances.get(debt_id, Decimal(0))))

    # Stacked areas, the debt paid first on top. One PolyCollection rather than
    # stackplot: the same picture for a fraction of the time (no fill_between per layer).
    cmap = colormaps["tab10" if len(debt_ids) <= 10 else "tab20"]
    palette = cmap(np.arange(len(debt_ids)) % cmap.N)  # one RGBA row per debt, in order
    x_pos = np.asarray(xs, dtype=float)
    totals = np.zeros(len(xs))
    polygons = []
    for debt_id in reversed(debt_ids):
        upper = totals + np.asarray(series[debt_id])
        outline = (np.concatenate([x_pos, x_pos[::-1]]), np.concatenate([upper, totals[::-1]]))
        polygons.append(np.column_stack(outline))
        totals = upper
    if polygons:
        layers = PolyCollection(
            polygons,
            facecolors=palette[::-1],  # an array: no per-colour parsing
            edgecolors="white",
            linewidths=0.8,
        )
        ax.add_collection(layers, autolim=False)

    shortfall = plan.shortfall_month
    if shortfall is not None and unending and shortfall > months:
        shortfall = None  # beyond what is drawn
    x_max = max(months, shortfall or 0, 1)
    top = float(totals.max()) if len(totals) else 0.0
    y_max = top * 1.1 if top > 0 else 1.0
    listed, columns, _cells = _legend_shape(len(debt_ids))
    if debt_ids:
        # Keep the legend (top right) off the data: for plans whose balance stays high
        # on the right (infeasible ones), raise the y limit above the legend's bottom.
        rows_per_column = math.ceil((listed + (listed < len(debt_ids))) / columns)
        legend_h = (rows_per_column * 1.5 + 1.0) * LEGEND_PT * DPI / 72 / 470
        legend_w = 0.36 if columns == 1 else 0.6
        right = totals[x_pos >= (x_max + 1) * (1 - legend_w)]
        right_top = float(right.max()) if len(right) else 0.0
        if legend_h < 0.7 and right_top > y_max * (0.97 - legend_h):
            y_max = right_top / (0.97 - legend_h)
    ax.set_xlim(0, x_max + max(0.4, x_max * 0.02))  # room for the end marker
    ax.set_ylim(0, y_max)

    tick = font.properties(TICK_PT)
    # x: calendar months, month 1 = the month of start, at most 6 labels.
    x_ticks = list(range(1, x_max + 1, _month_step(x_max)))
    ax.set_xticks(x_ticks, [_month_label(start, m) for m in x_ticks], fontproperties=tick)
    # y: money with thousands separators (decimals only for tiny amounts).
    locator = MaxNLocator(nbins=5, min_n_ticks=3)
    y_ticks = [float(v) for v in locator.tick_values(0, y_max) if 0 <= v <= y_max]
    y_fmt = "#,##0" if y_max >= 10 else "#,##0.##"
    y_labels = [format_decimal(round(v, 2), format=y_fmt, locale=locale) for v in y_ticks]
    ax.set_yticks(y_ticks, y_labels, fontproperties=tick)
    ax.tick_params(length=5, width=1, colors="#333333")
    ax.grid(axis="y", color="#dddddd", linewidth=1)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)

    # The currency once, above the y axis: its symbol, or the ISO code if the font lacks it.
    unit = None
    if currency:
        symbol = get_currency_symbol(currency, locale=locale)
        unit = next((s for s in (symbol, currency) if font.covers(s)), None)
    if unit:
        ax.text(
            0,
            1.02,
            unit,
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontproperties=tick,
            color=GREY,
            parse_math=False,
        )

    # The debt-free month (green) or the shortfall month (red), dated, at the bottom.
    mark = font.properties(MARK_PT)
    mark.set_weight("bold")
    box = {"boxstyle": "round,pad=0.25", "fc": "white", "ec": "none", "alpha": 0.85}
    marks: list[tuple[int, str]] = []
    if shortfall:
        marks.append((shortfall, RED))
    if plan.outcome == "ends" and months:
        marks.append((months, GREEN))
    for end, color in marks:
        ax.axvline(end, color=color, linestyle="--", linewidth=2)
        if color == GREEN:
            ax.plot([end], [0], marker="o", markersize=11, color=color, clip_on=False, zorder=5)
        ax.annotate(
            _month_label(start, end),
            xy=(end, 0),
            xytext=(-10, 10),
            textcoords="offset points",
            ha="right",
            va="bottom",
            color=color,
            fontproperties=mark,
            annotation_clip=False,
            parse_math=False,
            bbox=box,
        )

    # A plan that never ends: how much the balance grows a month, at the last point.
    growth = plan.growth if plan.outcome == "never_ends" else None
    label = growth_label
    if label is None and growth is not None and growth.grows > 0:
        if currency:
            label = "+" + format_currency(growth.grows, currency, locale=locale)
        else:
            label = "+" + format_decimal(growth.grows, format="#,##0.00", locale=locale)
    if label and months and font.covers(label):
        ax.annotate(
            label,
            xy=(x_pos[-1], float(totals[-1])),
            xytext=(-8, 8),
            textcoords="offset points",
            ha="right",
            va="bottom",
            color=RED,
            fontproperties=mark,
            annotation_clip=False,
            parse_math=False,
            bbox=box,
        )

    if debt_ids:
        shown = debt_ids[:listed]
        handles = [Patch(facecolor=tuple(palette[i]), edgecolor="none") for i in range(listed)]
        texts = [labels[d] for d in shown]
        if listed < len(debt_ids):
            handles.append(Patch(facecolor="none", edgecolor="none"))
            texts.append(f"+{len(debt_ids) - listed}")
        legend = ax.legend(
            handles,
            texts,
            loc="upper right",
            ncols=columns,
            prop=font.properties(LEGEND_PT),
            framealpha=0.9,
            edgecolor="#cccccc",
            handlelength=1.2,
            handleheight=1.0,
            columnspacing=1.0,
            borderaxespad=0.3,
        )
        for legend_text in legend.get_texts():
            legend_text.set_parse_math(False)  # a "$" in a lender name is not TeX

    # Title and note, top left, shrunk to fit the width; left out if the font lacks a
    # character (never tofu), the bot then says it in the caption.
    y_px = HEIGHT_PX - 14.0
    heading: tuple[tuple[str | None, float, str], ...] = (
        (title, TITLE_PT, INK),
        (note, NOTE_PT, RED),
    )
    for text, size, color in heading:
        if not text or not text.strip():
            continue
        if not font.covers(text):
            _log.info("chart text left out, %s lacks some of %r", font.family, text)
            continue
        props = _fit(renderer, text, font, size, WIDTH_PX - 40)
        item = fig.text(
            20 / WIDTH_PX,
            y_px / HEIGHT_PX,
            text,
            ha="left",
            va="top",
            fontproperties=props,
            color=color,
            parse_math=False,
        )
        y_px -= item.get_window_extent(renderer).height + 8

    # Margins from measured text rather than tight_layout (cheaper and predictable).
    widest = max(renderer.get_text_width_height_descent(s, tick, ismath=False)[0] for s in y_labels)
    _w, tick_h, _d = renderer.get_text_width_height_descent("2026-01", tick, ismath=False)
    left = (widest + 30) / WIDTH_PX
    bottom = (tick_h + 28) / HEIGHT_PX
    top_px = y_px - (tick_h + 16 if unit else 12)
    ax.set_position((left, bottom, 1 - left - 36 / WIDTH_PX, top_px / HEIGHT_PX - bottom))
    return fig


def render_plan_chart(
    plan: Plan,
    names: Mapping[DebtId, str],
    *,
    start: dt.date,
    lang: str,
    currency: str | None,
    title: str,
    note: str | None = None,
    allow_cjk: bool = True,
    growth_label: str | None = None,
) -> bytes:
    """A PNG (1000 x 640) of each debt's balance per calendar month until debt-free.

    ``names``: debt id -> lender name. ``start``: month 1 is its calendar month.
    ``lang``: number format and currency symbol (``zh_CN`` or ``en``). ``currency``: ISO
    code shown once above the y axis, or None. ``title``/``note``: the bot's localized
    strings; the note (e.g. why a plan is infeasible) is drawn in red under the title.
    The first month that fell short is marked in red, the debt-free month in green; a
    plan that never ends or takes too long is drawn for its first 24 months, and a
    never-ending one annotated with its monthly growth (``growth_label``, the bot's
    localized text, else the amount as ``+¥2,750.00``). ``allow_cjk=False`` forces the
    Latin-only labels. Thread-safe; ~100-200 ms.
    """
    fig = plan_figure(
        plan,
        names,
        start=start,
        lang=lang,
        currency=currency,
        title=title,
        note=note,
        allow_cjk=allow_cjk,
        growth_label=growth_label,
    )
    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    canvas.draw()  # type: ignore[no-untyped-call]
    # Opaque, few colours: a 256-colour palette PNG looks the same as RGBA, is ~4x
    # smaller (quicker upload) and quicker to encode than savefig's RGBA PNG.
    size = canvas.get_width_height()
    rgba = Image.frombuffer("RGBA", size, canvas.buffer_rgba())  # type: ignore[no-untyped-call]
    image = rgba.convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()
