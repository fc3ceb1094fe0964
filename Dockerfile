# careerbot: a Telegram bot answering career questions from a built-in knowledge store.
# Build: docker build -t careerbot .
# Run:   docker run -e TELEGRAM_BOT_TOKEN=... -v careerbot-state:/var/lib/careerbot careerbot
#
# The base image is pinned by digest (python:3.11-slim); refresh it with
#   docker buildx imagetools inspect python:3.11-slim
ARG PYTHON_IMAGE=python:3.11-slim@sha256:9c900dea9e8fb7e16277c179b555cc72d29a352dbc33cff48ad5a0412fd5bfc7

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
# Dependencies first, exactly as locked (every file's hash checked), so code changes reuse
# this layer.
COPY requirements/main.lock ./requirements/main.lock
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir --require-hashes -r requirements/main.lock
# Then the code and the knowledge, and the store built from it.
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
RUN /opt/venv/bin/pip install --no-cache-dir --no-deps . \
    && mkdir -p /opt/careerbot \
    && /opt/venv/bin/careerbot build --out /opt/careerbot/knowledge.sqlite3

FROM ${PYTHON_IMAGE}
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
# The store's directory belongs to the runtime user: it reads the store, and /reload rebuilds
# it in place (tests/test_image.py reproduces this layout as uid 10001).
COPY --from=build --chown=10001:10001 /opt/careerbot /opt/careerbot
VOLUME ["/var/lib/careerbot"]
USER 10001
EXPOSE 9108 8443
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('CAREERBOT_METRICS_PORT', '9108'), timeout=4)"]
CMD ["careerbot", "run"]
