# careerbot: a Telegram bot answering career questions from a built-in knowledge store.
# Build: docker build -t careerbot .
# Run:   docker run -e TELEGRAM_BOT_TOKEN=... -v careerbot-state:/var/lib/careerbot careerbot

FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
RUN python -m venv /opt/venv
# Dependencies first, from pyproject.toml alone (stub packages), so code changes reuse this layer.
COPY pyproject.toml README.md ./
RUN mkdir bot knowledge \
    && touch bot/__init__.py knowledge/__init__.py \
    && /opt/venv/bin/pip install --no-cache-dir . \
    && /opt/venv/bin/pip uninstall --yes careerbot \
    && rm -rf bot knowledge build
# Then the code and the knowledge, and the store built from it.
COPY bot ./bot
COPY knowledge ./knowledge
RUN /opt/venv/bin/pip install --no-cache-dir --no-deps . \
    && mkdir -p /opt/careerbot \
    && /opt/venv/bin/careerbot build --out /opt/careerbot/knowledge.sqlite3

FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    CAREERBOT_DB=/opt/careerbot/knowledge.sqlite3 \
    CAREERBOT_STATE_DIR=/var/lib/careerbot \
    CAREERBOT_METRICS_HOST=0.0.0.0 \
    CAREERBOT_METRICS_PORT=9108
RUN useradd --system --uid 10001 --home-dir /var/lib/careerbot --shell /usr/sbin/nologin careerbot \
    && mkdir -p /var/lib/careerbot \
    && chown careerbot /var/lib/careerbot
COPY --from=build /opt/venv /opt/venv
COPY --from=build /opt/careerbot /opt/careerbot
VOLUME ["/var/lib/careerbot"]
USER 10001
EXPOSE 9108 8443
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:9108/healthz', timeout=4)"]
CMD ["careerbot", "run"]
