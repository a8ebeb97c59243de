FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# pg_dump/pg_restore for scripts/backup and scripts/restore (same major as the db service).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir -e '.[sentry]'
COPY . .
RUN mkdir -p /data/media /data/private_media /app/var
EXPOSE 8000
