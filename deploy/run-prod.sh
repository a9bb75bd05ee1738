#!/bin/sh
# The production profile on this machine: gunicorn (the app, static files by WhiteNoise), a Celery
# worker for the default queue, one for the search queue (tantivy: one writer) and Celery beat,
# against PostgreSQL and Redis on 127.0.0.1. Run by `make prod`; stops all of them on Ctrl-C.
# Secrets come from the environment or, on first run, from var/prod.env (generated, mode 600).
set -eu
BIN=${BIN:-.venv/bin}
: "${GONGKAI_HOME:=$PWD/var}"
ENV_FILE="$GONGKAI_HOME/prod.env"
mkdir -p "$GONGKAI_HOME"
if [ ! -f "$ENV_FILE" ]; then
  umask 077
  {
    echo "GONGKAI_SECRET_KEY=$("$BIN/python" -c 'import secrets;print(secrets.token_urlsafe(50))')"
    echo "GONGKAI_FIELD_KEY=$("$BIN/python" -c 'from cryptography.fernet import Fernet;print(Fernet.generate_key().decode())')"
  } > "$ENV_FILE"
  echo "生成了本机试运行用的密钥：$ENV_FILE（正式部署请由运维另行保管）"
fi
set -a
. "$ENV_FILE"
: "${GONGKAI_PROFILE:=production}"
: "${GONGKAI_DB:=postgres}"
: "${GONGKAI_PG_NAME:=gongkai}"
: "${GONGKAI_BROKER:=redis://127.0.0.1:6379/0}"
: "${GONGKAI_CACHE:=redis://127.0.0.1:6379/1}"
: "${GONGKAI_BIND:=127.0.0.1:8080}"
: "${GONGKAI_ALLOWED_HOSTS:=127.0.0.1,localhost}"
# On the loopback without the TLS proxy: no HTTPS redirect, cookies over plain HTTP. Behind the
# proxy of docs/deploy.md leave these unset (the production profile turns them on).
: "${GONGKAI_SSL_REDIRECT:=0}"
: "${GONGKAI_SECURE_COOKIES:=0}"
: "${GONGKAI_HSTS_SECONDS:=0}"
set +a

if [ "$GONGKAI_DB" = postgres ]; then
  psql -h "${GONGKAI_PG_HOST:-127.0.0.1}" -U "${GONGKAI_PG_USER:-postgres}" -tAc \
    "SELECT 1 FROM pg_database WHERE datname='$GONGKAI_PG_NAME'" | grep -q 1 \
    || createdb -h "${GONGKAI_PG_HOST:-127.0.0.1}" -U "${GONGKAI_PG_USER:-postgres}" "$GONGKAI_PG_NAME"
fi
"$BIN/gongkai" migrate --noinput
"$BIN/gongkai" collectstatic --noinput -v 0
"$BIN/gongkai" check --deploy --fail-level ERROR

pids=""
stop() { for p in $pids; do kill "$p" 2>/dev/null || true; done; wait; }
trap stop INT TERM EXIT
"$BIN/celery" -A gongkai worker -Q celery -c "${GONGKAI_CELERY_CONCURRENCY:-2}" -n "default@%h" -l WARNING &
pids="$pids $!"
"$BIN/celery" -A gongkai worker -Q search -c 1 -n "search@%h" -l WARNING &
pids="$pids $!"
"$BIN/celery" -A gongkai worker -Q harvest -c 1 -n "harvest@%h" -l WARNING &
pids="$pids $!"
"$BIN/celery" -A gongkai beat -l WARNING -s "$GONGKAI_HOME/celerybeat-schedule" &
pids="$pids $!"
"$BIN/gunicorn" -c deploy/gunicorn.conf.py &
pids="$pids $!"
echo "gongkai 生产配置已启动：http://$GONGKAI_BIND/ （健康检查 /healthz）；Ctrl-C 停止"
wait
