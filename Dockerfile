# Debt Coach: multi-stage build, runs as a non-root user, data in a volume.
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
COPY coach ./coach
COPY emulator ./emulator
RUN pip install --no-cache-dir babel \
 && pybabel compile --use-fuzzy -d bot/i18n -D messages \
 && pip install --no-cache-dir .

FROM python:3.11-slim-bookworm
# CJK fonts for the /plan chart (Noto Sans CJK SC); tzdata for users' time zones.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 10001 coach \
 && mkdir -p /app/data && chown coach:coach /app/data
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite+aiosqlite:////app/data/debt-coach.db
WORKDIR /app
USER coach
VOLUME ["/app/data"]
# `run` applies migrations, then polls Telegram. Set TELEGRAM_BOT_TOKEN at run time.
CMD ["debt-coach", "run"]
