import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.i18n import LANGS, Safe, choose_language, t

ROOT = Path(__file__).resolve().parents[2]


def _catalog(lang):
    with (ROOT / "bot/i18n" / lang / "LC_MESSAGES/messages.po").open("rb") as fh:
        return {m.id: m.string for m in read_po(fh) if m.id}


@pytest.mark.parametrize(
    ("code", "lang"),
    [("zh-hans", "zh_CN"), ("zh", "zh_CN"), ("zh-TW", "zh_CN"), ("ZH-CN", "zh_CN"),
     ("en", "en"), ("en-US", "en"), ("de", "en"), (None, "en"), ("", "en")],
)
def test_language_follows_telegram_language_code(code, lang):
    assert choose_language(code) == lang


def test_both_catalogs_have_the_same_keys_and_placeholders():
    zh, en = _catalog("zh_CN"), _catalog("en")
    assert set(zh) == set(en)
    fields = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
    for key in en:
        assert en[key] and zh[key], f"{key} is empty"
        assert fields(en[key]) == fields(zh[key]), key


def test_every_key_used_in_code_exists():
    en = _catalog("en")
    pattern = re.compile(r"""\bt\(\s*[^,()]+,\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")
    used = set()
    for path in list((ROOT / "handlers").rglob("*.py")) + list((ROOT / "bot").rglob("*.py")):
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert used, "the scan found no keys; the pattern is broken"
    missing = sorted(k for k in used if k not in en)
    assert not missing


def _sources() -> str:
    paths = [p for d in ("bot", "handlers", "coach") for p in (ROOT / d).rglob("*")
             if p.suffix in (".py", ".json")]
    return "\n".join(p.read_text(encoding="utf-8") for p in paths)


def test_every_key_in_the_catalogs_is_used():
    """A key is used when it stands in the code (or a data file) as a string, or when the
    code builds it from a prefix (``f"lender_type.{...}"``): a text no screen can show is a
    leftover that drifts out of date."""
    src = _sources()
    built = set(re.findall(r"""f["']([a-z_]+(?:\.[a-z0-9_]*)+)\{""", src))
    unused = sorted(
        key for key in _catalog("en")
        if key not in src and not any(key.startswith(prefix) for prefix in built)
    )
    assert unused == []


def test_user_text_is_escaped_but_safe_fragments_are_not():
    out = t("en", "error.timezone.invalid", value="<b>Acme & Co</b>")
    assert "&lt;b&gt;Acme &amp; Co&lt;/b&gt;" in out
    assert "<code>" in out
    assert t("en", "error.timezone.invalid", value=Safe("<i>x</i>")).count("<i>x</i>") == 1


@pytest.mark.parametrize("lang", LANGS)
def test_texts_render_in_both_languages(lang):
    assert t(lang, "help.text") != "help.text"
