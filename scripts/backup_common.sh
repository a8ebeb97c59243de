# Shared by scripts/backup and scripts/restore (sourced, not run).

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# The project's Python: PYTHON if set, else the virtualenv's, else the image's.
if [ -n "${PYTHON:-}" ]; then PY=$PYTHON
elif [ -x .venv/bin/python ]; then PY=.venv/bin/python
else PY=python
fi

# libpq's form of DATABASE_URL (django-environ also accepts pgsql://, postgis://...).
pg_url() {
  local url=${DATABASE_URL:?set DATABASE_URL (postgres://user:password@host:5432/name)}
  case "$url" in
    postgres://*|postgresql://*) ;;
    pgsql://*|psql://*|postgis://*) url="postgresql://${url#*://}" ;;
    *) die "DATABASE_URL is not PostgreSQL; backups cover the PostgreSQL deployment only" ;;
  esac
  printf '%s\n' "$url"
}

# MEDIA_ROOT and PRIVATE_MEDIA_ROOT as the app resolves them (environment or defaults).
media_roots() {
  "$PY" -c 'import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
from django.conf import settings
print(settings.MEDIA_ROOT)
print(settings.PRIVATE_MEDIA_ROOT)'
}

ARCHIVES="database.dump media.tar.gz private_media.tar.gz"
