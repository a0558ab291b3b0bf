#!/usr/bin/env bash
# `make serve`: the production topology on one machine. PostgreSQL 15 (a cluster of its own
# under var/postgres, or the server DATABASE_URL names), gunicorn with 2 workers, a task worker
# (db_worker) and production settings. Ctrl-C stops all of it. README: "Running in production".
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
VAR=${AUDITPORTAL_VAR_DIR:-$PWD/var}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
WORKERS=${SERVE_WORKERS:-2}
PGBIN=${AUDITPORTAL_PG_BIN:-/usr/lib/postgresql/15/bin}
SERVE_PGPORT=${SERVE_PGPORT:-54353}
mkdir -p "$VAR"

# --- PostgreSQL: the one DATABASE_URL names, or a cluster of this checkout's own that stays
# in var/postgres between runs (the server refuses to run as root, so root runs it as postgres).
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PGDATA_DIR=${SERVE_PGDATA:-$VAR/postgres}
pg_stop() { as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR/data" -m fast -w stop >/dev/null 2>&1 || true; }
if [ -z "${DATABASE_URL:-}" ]; then
  if [ ! -x "$PGBIN/initdb" ]; then
    bash scripts/system-deps.sh postgresql || { echo "PostgreSQL 15 is needed: apt-get install postgresql-15" >&2; exit 1; }
  fi
  if [ "$(id -u)" = 0 ]; then
    id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    if ! runuser -u postgres -- test -x "$VAR"; then
      PGDATA_DIR=/var/lib/auditportal/postgres-$SERVE_PGPORT  # the postgres user cannot reach var/
    fi
  fi
  if [ ! -d "$PGDATA_DIR/data" ]; then
    mkdir -p "$PGDATA_DIR"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$PGDATA_DIR"; fi
    as_pg "$PGBIN/initdb" -D "$PGDATA_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PGDATA_DIR/initdb.log"
  fi
  if ! as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR/data" status >/dev/null 2>&1; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR/data" -l "$PGDATA_DIR/server.log" -w -t 60 \
      -o "-k $PGDATA_DIR -h 127.0.0.1 -p $SERVE_PGPORT" start >/dev/null
  fi
  "$PGBIN/createdb" -h 127.0.0.1 -p "$SERVE_PGPORT" -U postgres auditportal 2>/dev/null || true
  export DATABASE_URL="postgres://postgres@127.0.0.1:$SERVE_PGPORT/auditportal"
  trap pg_stop EXIT
fi

# --- Production settings on this machine: debug off, a secret key kept in var/, the task queue
# in the database. Plain HTTP on this machine only; in production TLS ends at the proxy.
if [ ! -s "$VAR/secret-key" ]; then
  (umask 077; head -c 48 /dev/urandom | base64 | tr -d '\n' >"$VAR/secret-key")
fi
export DJANGO_DEBUG=false DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-$(cat "$VAR/secret-key")}"
export DJANGO_ALLOWED_HOSTS=${DJANGO_ALLOWED_HOSTS:-localhost,127.0.0.1}
export DJANGO_SECURE_SSL_REDIRECT=${DJANGO_SECURE_SSL_REDIRECT:-false}
export DJANGO_TASKS_BACKEND=django_tasks_db.DatabaseBackend
export DJANGO_STATIC_ROOT=${DJANGO_STATIC_ROOT:-$VAR/static}
export DJANGO_MEDIA_ROOT=${DJANGO_MEDIA_ROOT:-$VAR/media}
export AUDITPORTAL_VAR_DIR=$VAR
# The demo's people have no authenticator app unless their role needs one.
export AUDITPORTAL_MFA_FOR_EVERYONE=${AUDITPORTAL_MFA_FOR_EVERYONE:-false}

$PY manage.py migrate --no-input -v 0
$PY manage.py createcachetable
$PY manage.py collectstatic --no-input -v 0
if [ "${SERVE_DEMO:-true}" = true ]; then
  $PY manage.py seed_demo
fi

# --- The task worker and the web workers; Ctrl-C (or SIGTERM) stops both, then PostgreSQL.
$PY manage.py db_worker --interval 1 &
TASK_WORKER=$!
$PY -m gunicorn auditportal.wsgi --workers "$WORKERS" --bind "$HOST:$PORT" \
  --timeout 60 --graceful-timeout 20 --access-logfile - --control-socket "$VAR/gunicorn.ctl" &
WEB=$!
stop_all() { kill -TERM "$WEB" "$TASK_WORKER" 2>/dev/null || true; wait "$WEB" "$TASK_WORKER" 2>/dev/null || true; }
trap 'stop_all; pg_stop' EXIT
trap 'exit 0' INT TERM

cat <<EOF
AuditPortal is running with production settings:
  web:          gunicorn, $WORKERS workers, http://localhost:$PORT (pid $WEB)
  task worker:  manage.py db_worker (pid $TASK_WORKER): e-mails and report files
  postgresql:   $PGDATA_DIR (when not DATABASE_URL's own server)
  database:     $(echo "$DATABASE_URL" | sed -E 's#//([^:/@]+):[^@]*@#//\1:***@#')
  issued files: ${AUDITPORTAL_STORAGE:-local} (${AUDITPORTAL_S3_BUCKET:-$DJANGO_MEDIA_ROOT})
  health:       http://localhost:$PORT/health/
Press Ctrl-C to stop.
EOF
wait -n "$WEB" "$TASK_WORKER"
