import pytest

from bot.config import SettingsError, load_settings


def test_defaults_are_the_documented_ones(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for var in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_API_URL", "DATABASE_URL", "DEFAULT_TIMEZONE", "LOG_LEVEL"):
        monkeypatch.delenv(var, raising=False)
    s = load_settings()
    assert s.telegram_bot_token is None
    assert s.bot_base_url == "https://api.telegram.org/bot"
    assert s.bot_base_file_url == "https://api.telegram.org/file/bot"
    assert s.database_url == "sqlite+aiosqlite:///data/debt-coach.db"
    assert s.default_timezone == "Asia/Shanghai"
    assert s.log_level == "INFO"


def test_token_is_secret_and_read_from_dotenv(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    (tmp_path / ".env").write_text("TELEGRAM_BOT_TOKEN=123:abc\nLOG_LEVEL=debug\n")
    s = load_settings()
    assert s.telegram_bot_token is not None
    assert s.telegram_bot_token.get_secret_value() == "123:abc"
    assert "123:abc" not in repr(s) and "123:abc" not in str(s.model_dump())
    assert s.log_level == "DEBUG"


def test_api_url_trailing_slash_is_trimmed(monkeypatch):
    monkeypatch.setenv("TELEGRAM_API_URL", "http://127.0.0.1:8081/")
    assert load_settings().bot_base_url == "http://127.0.0.1:8081/bot"


@pytest.mark.parametrize(
    ("var", "value"),
    [
        ("DATABASE_URL", "mysql://x"),
        ("DEFAULT_TIMEZONE", "Mars/Olympus"),
        ("LOG_LEVEL", "LOUD"),
        ("TELEGRAM_API_URL", "ftp://x"),
        ("NUDGE_TICK_SECONDS", "-1"),
        ("NUDGE_RATE_PER_SECOND", "100"),
    ],
)
def test_a_malformed_setting_is_one_line_naming_it(monkeypatch, var, value):
    monkeypatch.setenv(var, value)
    with pytest.raises(SettingsError) as info:
        load_settings()
    message = str(info.value)
    assert var in message and "\n" not in message


def test_cli_prints_one_line_for_a_bad_setting(monkeypatch, capsys):
    from bot.__main__ import main

    monkeypatch.setenv("LOG_LEVEL", "LOUD")
    assert main(["db", "upgrade"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("Invalid setting LOG_LEVEL") and "\n" not in err


def test_run_without_token_says_so_in_one_line(monkeypatch, capsys, tmp_path):
    from bot.__main__ import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert main(["run"]) == 2
    err = capsys.readouterr().err.strip()
    assert "TELEGRAM_BOT_TOKEN" in err and "\n" not in err
