#!/usr/bin/env bash
# `make bench` and `make load`: run bench/pages.py or bench/load.py against the PostgreSQL
# server DATABASE_URL names, or, when none is named, a throwaway PostgreSQL 15 started here
# (port BENCH_PGPORT, 54451 by default) and removed afterwards. Usage: bench/run.sh pages|load
set -euo pipefail
cd "$(dirname "$0")/.."
script=${1:?say pages or load}
shift
if [ -z "${DATABASE_URL:-}" ]; then
  source .ci/pg.sh
  PGPORT=${BENCH_PGPORT:-54451}
  trap pg_stop EXIT
  pg_start
  export DATABASE_URL="postgres://postgres@127.0.0.1:${PGPORT}/${PGDATABASE}"
fi
.venv/bin/python -u "bench/$script.py" "$@"
