# A throwaway PostgreSQL 15 for CI and local tests. Source it, then: trap pg_stop EXIT; pg_start
PGBIN=/usr/lib/postgresql/15/bin
pg_start() {
  if [ ! -x "$PGBIN/initdb" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15; } >/tmp/auditportal-pg-apt.log 2>&1 \
        || { echo "could not install postgresql-15; see /tmp/auditportal-pg-apt.log" >&2; return 1; }
    else
      echo "PostgreSQL 15 is not installed (need $PGBIN/initdb)" >&2; return 1
    fi
  fi
  PGTMP=$(mktemp -d /tmp/pgci.XXXXXX) || return 1
  id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres: "$PGTMP"
  # The server refuses to run as root, so it runs as postgres with its socket in the temp dir.
  runuser -u postgres -- "$PGBIN/initdb" -D "$PGTMP/data" -U postgres -A trust -E UTF8 \
    --locale=C.UTF-8 --no-sync >"$PGTMP/initdb.log" || return 1
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 30 \
    -o "-k $PGTMP -h 127.0.0.1 -p ${PGPORT:-54329} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$PGTMP/server.log"; return 1; }
  export PGTMP PGHOST=$PGTMP PGPORT=${PGPORT:-54329} PGUSER=postgres PGDATABASE=${PGDATABASE:-auditportal}
  "$PGBIN/createdb" "$PGDATABASE"
}
pg_stop() {
  [ -n "${PGTMP:-}" ] && [ -d "$PGTMP/data" ] || return 0
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGTMP/data" -m fast -w stop >/dev/null
  rm -rf "$PGTMP"
  unset PGTMP
}
