"""bot.charts: the /plan chart PNG, the CJK (Simplified Chinese) font and the Latin fallback.

The CJK tests need a Simplified Chinese font (Debian: ``apt-get install fonts-noto-cjk``)
and are skipped without one; the fallback tests force the no-CJK path and always run.
Timings live in scripts/bench_chart.py, not here.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
import unicodedata
import warnings
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from matplotlib import ft2font
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontPath, FontProperties, get_font
from PIL import Image

from bot import chart_fonts, charts
from coach.planner import DebtId, Plan, PlanDebt, simulate

D = Decimal
START = dt.date(2026, 11, 28)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
NOTO_TTC = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")  # fonts-noto-cjk

NAMES: dict[DebtId, str] = {1: "招商银行信用卡", 2: "花呗", 3: "Citi Visa", 4: "京东白条"}


def debts() -> list[PlanDebt]:
    return [
        PlanDebt(1, "", D("32000"), D("0.18"), min_percent=D("0.03"), min_floor=D("100")),
        PlanDebt(2, "", D("8600"), D("0.15"), minimum=D("600")),
        PlanDebt(3, "", D("20000"), D("0.12"), minimum=D("900")),
        PlanDebt(4, "", D("5400"), D("0.20"), minimum=D("300")),
    ]


@pytest.fixture(scope="module")
def plan() -> Plan:
    return simulate(debts(), D("6000"), "avalanche")  # 12 months, order 4, 1, 2, 3


@pytest.fixture
def fresh_fonts(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Each test gets its own font lookup (and CHART_FONT); the cache is reset after."""
    monkeypatch.delenv("CHART_FONT", raising=False)
    charts.clear_font_cache()
    yield monkeypatch
    charts.clear_font_cache()


needs_cjk = pytest.mark.skipif(
    not charts.cjk_font_available(),
    reason="no Simplified Chinese font installed (apt-get install fonts-noto-cjk)",
)
needs_noto = pytest.mark.skipif(
    not NOTO_TTC.is_file(), reason=f"{NOTO_TTC} missing (apt-get install fonts-noto-cjk)"
)


def render(plan: Plan, **kw: object) -> bytes:
    args: dict[str, object] = {
        "start": START,
        "lang": "zh_CN",
        "currency": "CNY",
        "title": "还款计划：雪崩法",
    }
    args.update(kw)
    return charts.render_plan_chart(plan, NAMES, **args)  # type: ignore[arg-type]


def figure(plan: Plan, **kw: object) -> Figure:
    args: dict[str, object] = {
        "start": START,
        "lang": "zh_CN",
        "currency": "CNY",
        "title": "还款计划：雪崩法",
    }
    args.update(kw)
    return charts.plan_figure(plan, NAMES, **args)  # type: ignore[arg-type]


def decode(png: bytes) -> Image.Image:
    assert png.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def legend_texts(fig: Figure) -> list[str]:
    legend = fig.axes[0].get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def all_texts(fig: Figure) -> list[str]:
    ax = fig.axes[0]
    return (
        [t.get_text() for t in fig.texts]
        + [t.get_text() for t in ax.texts]
        + [label.get_text() for label in ax.get_xticklabels() + ax.get_yticklabels()]
        + legend_texts(fig)
    )


def is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def glyph(props: FontProperties, text: str = "骨") -> np.ndarray:
    fig = Figure(figsize=(1, 1), dpi=100)
    canvas = FigureCanvasAgg(fig)
    fig.text(0.5, 0.5, text, fontproperties=props, ha="center", va="center")
    canvas.draw()  # type: ignore[no-untyped-call]
    return np.asarray(canvas.buffer_rgba()).copy()  # type: ignore[no-untyped-call]


# --- the PNG ---------------------------------------------------------------------------


def test_png_is_valid_and_phone_sized(plan: Plan) -> None:
    image = decode(render(plan))
    assert image.size == (charts.WIDTH_PX, charts.HEIGHT_PX) == (1000, 640)
    pixels = np.asarray(image.convert("RGB"))
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 8  # not a blank image


def test_axes_show_calendar_months_and_money(plan: Plan) -> None:
    fig = figure(plan, lang="en", currency="CNY")
    ax = fig.axes[0]
    x_labels = [label.get_text() for label in ax.get_xticklabels()]
    assert x_labels[0] == "2026-11"  # month 1 is the month of start
    assert x_labels == ["2026-11", "2027-01", "2027-03", "2027-05", "2027-07", "2027-09"]
    assert all(len(s) == 7 and s[4] == "-" for s in x_labels)
    y_labels = [label.get_text() for label in ax.get_yticklabels()]
    assert y_labels == ["0", "15,000", "30,000", "45,000", "60,000"]  # thousands separators
    # The debt-free month (plan month 12 = 2027-10) is marked, the currency shown once.
    assert plan.months == 12
    assert "2027-10" in [t.get_text() for t in ax.texts]
    assert "CN¥" in [t.get_text() for t in ax.texts]


def test_legend_lists_debts_in_payment_order_with_codes(plan: Plan) -> None:
    assert plan.order == (4, 1, 2, 3)
    labels = charts.chart_labels(plan, NAMES, allow_cjk=False)
    assert labels == {4: "D1", 1: "D2", 2: "D3", 3: "D4 = Citi Visa"}
    assert legend_texts(figure(plan, allow_cjk=False)) == ["D1", "D2", "D3", "D4 = Citi Visa"]


def test_start_balance_is_drawn_at_month_zero(plan: Plan) -> None:
    layers = [c for c in figure(plan).axes[0].collections if isinstance(c, PolyCollection)]
    assert len(layers) == 1
    paths = layers[0].get_paths()
    top_layer = np.asarray(paths[-1].vertices)  # the debt paid first (D1) is stacked on top
    assert top_layer[0][0] == 0
    total = sum(float(d.balance) for d in debts())
    assert top_layer[0][1] == pytest.approx(total)


# --- the CJK font ----------------------------------------------------------------------


@needs_cjk
def test_chinese_names_use_the_simplified_chinese_font(plan: Plan) -> None:
    font = charts.chart_font()
    assert font is not None
    assert font.family in charts.CJK_FAMILIES
    assert charts.chart_font_name() == font.family
    if NOTO_TTC.is_file():
        assert font.family == "Noto Sans CJK SC"
        assert Path(font.path) == NOTO_TTC.resolve()
    fig = figure(plan)
    assert legend_texts(fig) == ["京东白条", "招商银行信用卡", "花呗", "Citi Visa"]
    legend = fig.axes[0].get_legend()
    assert legend is not None
    for text in legend.get_texts():
        fname = text.get_fontproperties().get_file()
        assert isinstance(fname, FontPath)
        assert (fname.path, fname.face_index) == (font.path, font.index)
        # What matplotlib actually loads for that text: the SC face, not face 0.
        assert get_font(fname).family_name == font.family
    assert "还款计划：雪崩法" in [t.get_text() for t in fig.texts]


@needs_cjk
def test_cjk_chart_renders_without_missing_glyphs(plan: Plan) -> None:
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*missing from font")
        decode(render(plan, note="预算不足"))


@needs_noto
def test_noto_collection_face_is_sc_not_jp(fresh_fonts: pytest.MonkeyPatch) -> None:
    faces = {ft2font.FT2Font(str(NOTO_TTC), face_index=i).family_name: i for i in range(10)}
    font = charts.chart_font()
    assert font is not None and font.index == faces["Noto Sans CJK SC"] != 0
    # FontProperties(fname=...) alone would load face 0, the Japanese one.
    assert faces["Noto Sans CJK JP"] == 0
    sc = glyph(FontProperties(fname=FontPath(str(NOTO_TTC), font.index), size=48))
    jp = glyph(FontProperties(fname=FontPath(str(NOTO_TTC), 0), size=48))
    chosen = glyph(font.properties(48))
    assert not np.array_equal(sc, jp)  # 骨 differs between the JP and SC designs
    assert np.array_equal(chosen, sc)


@needs_noto
def test_chart_font_env_picks_the_sc_face_of_a_collection(
    fresh_fonts: pytest.MonkeyPatch,
) -> None:
    fresh_fonts.setenv("CHART_FONT", str(NOTO_TTC))
    font = charts.chart_font()
    assert font is not None
    assert (font.path, font.family) == (str(NOTO_TTC), "Noto Sans CJK SC")


def test_chart_font_env_without_chinese_glyphs_is_skipped(
    fresh_fonts: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    dejavu = charts._latin_font().path
    fresh_fonts.setenv("CHART_FONT", dejavu)
    font = charts.chart_font()
    assert "lacks Chinese glyphs" in caplog.text
    # It falls through to the system search: the font found without CHART_FONT.
    fresh_fonts.delenv("CHART_FONT")
    charts.clear_font_cache()
    assert font == charts.chart_font()


# --- the fallback without a CJK font ---------------------------------------------------


def test_chart_font_env_none_turns_cjk_off(fresh_fonts: pytest.MonkeyPatch) -> None:
    fresh_fonts.setenv("CHART_FONT", "none")
    assert charts.chart_font() is None
    assert not charts.cjk_font_available()
    assert charts.chart_font_name() is None


@pytest.mark.parametrize("how", ["allow_cjk", "env"])
def test_fallback_labels_have_no_cjk_and_no_tofu(
    plan: Plan, how: str, fresh_fonts: pytest.MonkeyPatch
) -> None:
    kw: dict[str, object] = {"note": "预算不足"}
    if how == "allow_cjk":
        kw["allow_cjk"] = False
    else:
        fresh_fonts.setenv("CHART_FONT", "none")
    fig = figure(plan, **kw)
    texts = all_texts(fig)
    assert not [s for s in texts if any(is_cjk(ch) for ch in s)]
    assert legend_texts(fig) == ["D1", "D2", "D3", "D4 = Citi Visa"]
    # The Chinese title and note cannot be drawn: left out, not drawn as boxes.
    assert fig.texts == []
    latin = charts._latin_font()
    assert all(latin.covers(s) for s in texts)
    for text in fig.axes[0].get_legend().get_texts():  # type: ignore[union-attr]
        assert text.get_fontproperties().get_file() == latin.path
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*missing from font")
        decode(render(plan, **kw))


def test_machine_without_cjk_font_falls_back(plan: Plan, fresh_fonts: pytest.MonkeyPatch) -> None:
    dejavu = charts._latin_font().path
    fresh_fonts.setattr(chart_fonts, "findSystemFonts", lambda fontext="ttf": [dejavu])
    assert not charts.cjk_font_available()
    fig = figure(plan)  # allow_cjk defaults to True: nothing to use
    assert legend_texts(fig) == ["D1", "D2", "D3", "D4 = Citi Visa"]
    assert not [s for s in all_texts(fig) if any(is_cjk(ch) for ch in s)]


def test_fallback_keeps_latin_title_and_note(plan: Plan) -> None:
    fig = figure(plan, allow_cjk=False, lang="en", title="Your plan", note="Budget too low")
    assert [t.get_text() for t in fig.texts] == ["Your plan", "Budget too low"]


@needs_cjk
def test_name_the_cjk_font_lacks_gets_a_code(plan: Plan) -> None:
    names: dict[DebtId, str] = {**NAMES, 2: "花呗\U0001fae0"}  # an emoji outside the font
    labels = charts.chart_labels(plan, names)
    assert labels[2] == "D3"
    assert labels[1] == "招商银行信用卡"


def test_long_and_odd_names_are_cleaned(plan: Plan) -> None:
    names: dict[DebtId, str] = {
        4: "A very long lender name that goes on\nand on",
        1: "  ",
        2: "$5 $loan$",
    }
    labels = charts.chart_labels(plan, names, allow_cjk=False)
    assert labels[4].startswith("D1 = A very") and labels[4].endswith("…")
    assert "\n" not in labels[4] and len(labels[4]) <= 24
    assert labels[1] == "D2"  # blank name
    assert labels[2] == "D3 = $5 $loan$"  # "$" is not TeX: drawn as is
    assert labels[3] == "D4"  # no name given
    fig = charts.plan_figure(
        plan, names, start=START, lang="en", currency="USD", title="$x$", allow_cjk=False
    )
    legend = fig.axes[0].get_legend()
    assert legend is not None
    assert all(not t.get_parse_math() for t in legend.get_texts())
    decode(
        charts.render_plan_chart(
            plan, names, start=START, lang="en", currency="USD", title="$x$", allow_cjk=False
        )
    )


# --- infeasible and long plans ---------------------------------------------------------


def test_a_short_plan_marks_the_shortfall_month_and_still_charts_its_end() -> None:
    lumps = {m: D("3000") for m in range(1, 5)}
    bad = simulate(debts(), D("2000"), "avalanche", lump_sums=lumps)
    # Months 1-4 have 2,000 + 3,000; from month 5 the minimums need more than 2,000. The
    # plan goes on paying 2,000 a month (what the lenders would have to accept).
    assert not bad.feasible and bad.reason == "shortfall" and bad.shortfall_month == 5
    assert bad.outcome == "ends" and len(bad.schedule) == bad.months > 5
    fig = figure(bad, note="预算不足", allow_cjk=False, lang="en", title="Plan")
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert "2027-03" in texts  # shortfall month 5, in red
    assert charts._month_label(START, bad.months) in texts  # the end, in green
    decode(render(bad, note="预算不足：第 5 个月起每月还差 ¥1,234.00"))


def test_a_plan_stopped_in_month_one_renders_an_empty_chart() -> None:
    bad = simulate(debts(), D("100"), "avalanche", stop_when_short=True)
    assert bad.shortfall_month == 1 and bad.schedule == ()
    fig = figure(bad)
    assert fig.axes[0].get_legend() is None
    assert decode(render(bad, note="预算不足")).size == (1000, 640)


def test_a_never_ending_plan_charts_24_months_and_its_growth_not_trillions() -> None:
    # Issue 10 case 8: $100,000 at 36% with $250 a month. Over 600 months the balance
    # would pass 10^12; the chart shows 24 months (about 100,000 + 24 x 2,750 + interest
    # on interest: under 200,000) and "+$2,750.00" a month.
    visa = [PlanDebt(1, "", D("100000"), D("0.36"), minimum=D("100"))]
    plan = simulate(visa, D("250"), "avalanche")
    assert plan.outcome == "never_ends" and plan.schedule[-1].balance > D(10) ** 12
    fig = charts.plan_figure(plan, {1: "Visa"}, start=START, lang="en", currency="USD",
                             title="t", allow_cjk=False)  # fmt: skip
    ax = fig.axes[0]
    assert ax.get_xlim()[1] < charts.MAX_UNENDING_MONTHS + 2
    assert ax.get_ylim()[1] < 250_000
    assert "+$2,750.00" in [t.get_text() for t in ax.texts]
    own = charts.plan_figure(plan, {1: "Visa"}, start=START, lang="en", currency="USD",
                             title="t", allow_cjk=False, growth_label="+$2,750 a month")  # fmt: skip
    assert "+$2,750 a month" in [t.get_text() for t in own.axes[0].texts]
    decode(charts.render_plan_chart(plan, {1: "Visa"}, start=START, lang="en", currency="USD",
                                    title="t", allow_cjk=False))  # fmt: skip


def test_a_too_long_plan_charts_24_months_without_a_growth_label() -> None:
    slow = [PlanDebt(1, "", D("100000"), D("0.12"), minimum=D("1000.01"))]
    plan = simulate(slow, D("1000.01"), "avalanche", max_months=120)
    assert plan.outcome == "too_long"
    fig = figure(plan, allow_cjk=False, lang="en")
    assert fig.axes[0].get_xlim()[1] < charts.MAX_UNENDING_MONTHS + 2
    assert not any(t.get_text().startswith("+") for t in fig.axes[0].texts)


def test_600_month_plan_renders_with_at_most_120_points() -> None:
    # Minimums just above each debt's first-month interest (as scripts/bench_planner.py's
    # "long plan"): feasible, but hundreds of months long.
    many = []
    for i in range(50):
        balance, apr = D(2000 + 397 * i), D("0.06") + D(i % 17) / 100
        minimum = (balance * apr / 12 * D("1.0005")).quantize(D("0.01")) + D("0.01")
        many.append(PlanDebt(i, "", balance, apr, minimum=minimum))
    budget = sum((d.minimum or D(0) for d in many), D(0))
    long_plan = simulate(many, budget, "avalanche")
    assert long_plan.feasible and long_plan.months > charts.MAX_POINTS
    names: dict[DebtId, str] = {d.id: f"银行{d.id}" for d in many}
    fig = charts.plan_figure(
        long_plan, names, start=START, lang="zh_CN", currency="CNY", title="t", note="n"
    )
    layers = next(c for c in fig.axes[0].collections if isinstance(c, PolyCollection))
    assert len(layers.get_paths()) == 50
    assert all(len(np.asarray(p.vertices)) <= 2 * charts.MAX_POINTS + 1 for p in layers.get_paths())
    texts = legend_texts(fig)
    assert len(texts) == charts.MAX_LEGEND and texts[-1] == "+39"
    x_labels = [label.get_text() for label in fig.axes[0].get_xticklabels()]
    assert len(x_labels) <= 6 and x_labels[0] == "2026-11"
    png = charts.render_plan_chart(
        long_plan, names, start=START, lang="zh_CN", currency="CNY", title="t", note="n"
    )
    assert decode(png).size == (1000, 640)


def test_renders_concurrently_in_threads(plan: Plan) -> None:
    results: list[bytes] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            results.append(render(plan))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(results) == 3 and len(set(results)) == 1
