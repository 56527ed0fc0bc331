# salesdash: the dashboard in a container.
#
#   docker build -t salesdash .
#   docker run -d --name salesdash -p 8501:8501 -v salesdash-data:/data salesdash
#
# The workspace (salesdash.duckdb, uploads/, lock files) lives in the /data
# volume, so a new image or a re-created container loses nothing. Sign-in and
# other settings: mount a secrets file at /app/.streamlit/secrets.toml
# (read-only) or pass SALESDASH_* variables; see docs/deploy.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    SALESDASH_DATA_DIR=/data

# Debian's Chromium prints the PDF report; the Noto CJK fonts draw Chinese in
# it (and in any screenshot) instead of empty boxes. Not pinned: the base
# image's Debian release fixes the versions, and a rebuild takes its security fixes.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

# A dedicated user without a login shell; it owns only the data folder.
RUN groupadd --system --gid 10001 salesdash \
    && useradd --system --uid 10001 --gid salesdash --create-home \
       --home-dir /home/salesdash --shell /usr/sbin/nologin salesdash \
    && mkdir -p /data \
    && chown salesdash:salesdash /data

WORKDIR /app

# Dependencies first: this layer is rebuilt only when requirements.txt changes.
COPY requirements.txt ./
RUN pip install -r requirements.txt

# The application, owned by root and read-only to the user that runs it.
COPY . .

# By number, so a runtime can check it is not root (Kubernetes runAsNonRoot).
USER 10001:10001

# Declared after the chown above, so a new named volume starts owned by salesdash.
VOLUME /data
EXPOSE 8501

# Streamlit's own health endpoint; urllib, because the slim image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8501/_stcore/health', timeout=4)"]

CMD ["streamlit", "run", "app.py", \
     "--server.address=0.0.0.0", "--server.port=8501", \
     "--server.headless=true", "--browser.gatherUsageStats=false"]
