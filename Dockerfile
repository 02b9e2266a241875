# syntax=docker/dockerfile:1
# rolebot: `docker build -t rolebot .`, then see README.md, "Docker".

# Builder: turn the source tree into a wheel; nothing of this stage but the wheel is kept.
# The build backend is pinned too: older pip applies PIP_CONSTRAINT to its isolated build
# environment, newer pip PIP_BUILD_CONSTRAINT instead (each ignores the variable it lacks).
FROM python:3.11-slim AS builder
WORKDIR /src
COPY pyproject.toml README.md constraints.txt ./
COPY bot ./bot
COPY adapters ./adapters
COPY knowledge ./knowledge
RUN PIP_CONSTRAINT=/src/constraints.txt PIP_BUILD_CONSTRAINT=/src/constraints.txt \
    pip wheel --no-cache-dir --disable-pip-version-check --no-deps --wheel-dir /dist .

# Runtime: the wheel and its dependencies only, at the versions constraints.txt pins (see
# `make constraints`), run by an unprivileged user.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
COPY --from=builder /dist/*.whl /tmp/wheels/
COPY constraints.txt /tmp/wheels/
# The shipped knowledge is compiled once here, so a container's first ask need not compile it.
RUN pip install --constraint /tmp/wheels/constraints.txt /tmp/wheels/*.whl \
    && python -m bot.kb.prebuilt \
    && rm -rf /tmp/wheels \
    && groupadd --system --gid 10001 rolebot \
    && useradd --system --create-home --uid 10001 --gid 10001 rolebot \
    && mkdir -p /knowledge /data \
    && chown rolebot:rolebot /data

# Team knowledge on top of the shipped one; the store; a writable cache for built knowledge.
ENV ROLEBOT_KNOWLEDGE=/knowledge \
    ROLEBOT_DB=/data/rolebot.sqlite3 \
    ROLEBOT_CACHE_DIR=/tmp/rolebot-cache \
    ROLEBOT_HOST=0.0.0.0 \
    ROLEBOT_PORT=3000
VOLUME ["/data"]
USER 10001:10001
WORKDIR /home/rolebot
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 CMD ["rolebot", "health"]
# `docker stop` sends SIGTERM: rolebot finishes the answers in flight and closes the store.
STOPSIGNAL SIGTERM
CMD ["rolebot", "serve"]
