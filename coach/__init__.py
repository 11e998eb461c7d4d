"""The domain of Debt Coach: pure Python, no Telegram, no database, no I/O."""
