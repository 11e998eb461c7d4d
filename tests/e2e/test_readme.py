"""Every one-line form README.md documents works exactly as written (issue 12).

The forms are read from README.md itself, so a new example there is tested at once: each
is sent by a user of its language (Chinese text: the Chinese user), and must reach its
card or confirmation with the figure README implies, never an error or a dead end.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.conftest import EN, ZH, add_debt, onboard

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
FORMS = sorted(set(re.findall(r"`(/(?:adddebt|paid|check|budget) [^`]+)`", README)))
#: What each documented form must show (worked out by hand).
EXPECTED = {
    "/adddebt 花呗 5000 年化18% 12月10日": ("¥5,000.00", "18.00%", "2026年12月10日"),
    "/adddebt Visa 5000 18% Dec 10 min 200": ("$5,000.00", "18.00%", "$200.00", "Dec 10, 2026"),
    "/adddebt Amex 2,300.50 24.99% APR due Dec 15 min 1%": ("$2,300.50", "24.99%", "1.00%",
                                                           "Dec 15, 2026"),
    # 12 x 1,000 repaying the 9,000 that arrived: APR 56.75%.
    "/adddebt 小贷 借10000，到手9000，分12期每期1000": ("¥12,000.00", "56.75%", "¥9,000.00"),
    "/paid 花呗 500": ("¥5,000.00 → ¥4,500.00",),
    "/paid 花呗 十二块五毛": ("¥12.50",),
    "/paid 花呗 500 昨天": ("¥5,000.00 → ¥4,500.00", "2026年11月27日"),  # today: Nov 28
    # 12 x 1,060 for 12,000 received: APR 10.90% (rates.md's worked example).
    "/check 12000 12x1060": ("10.90%",),
    "/check 1000 1010 7d": ("52.14%",),  # 10 / 1,000 x 365 / 7 days, simple
    "/budget income 8000 essentials 5000 optional 500": ("$8,000.00", "$5,000.00", "$500.00"),
    "/budget 收入 8000 必要 5000 可选 500": ("¥8,000.00", "¥5,000.00", "¥500.00"),
}
DONE = ("请核对", "Please check", "保存", "Save", "年化利率", "APR", "预算", "budget", "Budget")


def test_the_readme_documents_the_forms_tested_here():
    assert set(FORMS) == set(EXPECTED), set(FORMS) ^ set(EXPECTED)


@pytest.mark.parametrize("form", FORMS)
async def test_a_documented_one_line_form_works_as_written(bot, form):
    zh = bool(re.search(r"[\u4e00-\u9fff]", form))
    chat = bot.chat(ZH if zh else EN)
    await onboard(chat)
    if form.startswith("/paid"):
        await add_debt(chat, "花呗 5000 年化18% 12月10日 最低 300")
    await chat.send(form)
    # Whatever the form leaves out is asked (a card's minimum, the lender's kind): skip it.
    for _ in range(6):
        labels = [b for b, _ in bot.emu.buttons(chat.last)]
        if any(k in (chat.last.text or "") for k in ("请核对", "Please check")) or not labels:
            break
        skip = next((b for b in labels if b in ("跳过", "Skip", "不清楚", "Don't know",
                                                  "没有最低还款", "No minimum")), None)
        if skip is None:
            break
        await chat.tap(skip)
    text = chat.texts(chat.messages[-3:])
    assert "没能识别" not in text and "couldn't read" not in text
    assert "went wrong" not in text and "出错" not in text
    for figure in EXPECTED[form]:
        assert figure in text, (form, figure, text)
