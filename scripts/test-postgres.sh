#!/usr/bin/env bash
# A throwaway PostgreSQL server for test/unit/postgres.test.ts.
#
#   eval "$(scripts/test-postgres.sh)"    # install if missing, init/start, print the URL
#   npx vitest run test/unit/postgres.test.ts
#   scripts/test-postgres.sh stop         # stop the server and delete its folder
#
# Idempotent: a second call reuses the running server (same folder, same port).
# stdout carries only `export PRX_TEST_PG_URL=postgres://…`; progress goes to stderr.
# The cluster lives in $PRX_PG_DIR (default /tmp/prx-test-pg), listens on 127.0.0.1 only
# on a free port, and runs as the `postgres` OS user when called as root (initdb refuses
# root), else as the caller. Collation: ICU fr-CA, as a Quebec installation would use,
# so ORDER BY is not the byte order SQLite gives.
set -euo pipefail

DIR="${PRX_PG_DIR:-/tmp/prx-test-pg}"
DATA="$DIR/data"
ROLE=prx
PASSWORD=prx
DBNAME=prx_test

say() { printf 'test-postgres: %s\n' "$*" >&2; }

pg_bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$d" ] && [ -x "$d/postgres" ] && printf '%s\n' "$d"
}

if [ "$(id -u)" = 0 ]; then
  OWNER=postgres
  as_owner() { runuser -u postgres -- "$@"; }
else
  OWNER=$(id -un)
  as_owner() { "$@"; }
fi

BIN=$(pg_bindir || true)

if [ "${1:-}" = stop ]; then
  if [ -n "$BIN" ] && [ -f "$DATA/PG_VERSION" ]; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >&2 || true
  fi
  rm -rf "$DIR"
  say "stopped, $DIR removed"
  exit 0
fi

if [ -z "$BIN" ]; then
  [ "$(id -u)" = 0 ] || { say "PostgreSQL is not installed and this is not root: apt-get install -y postgresql"; exit 1; }
  say "installing PostgreSQL (apt-get)…"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
  BIN=$(pg_bindir)
fi

running() { as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

if [ ! -f "$DATA/PG_VERSION" ]; then
  rm -rf "$DIR"
  mkdir -p "$DIR"
  chmod 700 "$DIR"
  [ "$OWNER" = "$(id -un)" ] || chown "$OWNER" "$DIR"
  say "initdb in $DATA…"
  pwfile="$DIR/superuser.pw"
  as_owner sh -c "umask 077; echo postgres > '$pwfile'"
  locale_opts=(--locale=C.UTF-8 --encoding=UTF8)
  if "$BIN/initdb" --help | grep -q -- --locale-provider; then locale_opts+=(--locale-provider=icu --icu-locale=fr-CA); fi
  as_owner "$BIN/initdb" -D "$DATA" -U postgres --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    "${locale_opts[@]}" --no-sync >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
fi

if ! running; then
  port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  as_owner sh -c "echo $port > '$DIR/port'"
  say "starting on 127.0.0.1:$port…"
  # Tests only: no fsync, sockets in the cluster's own folder (no /var/run/postgresql needed).
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
    start >&2 || { tail -n 30 "$DIR/server.log" >&2; exit 1; }
fi
PORT=$(cat "$DIR/port")

psql_admin() { as_owner "$BIN/psql" -h "$DIR" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtAX "$@"; }
if [ "$(psql_admin -c "select 1 from pg_roles where rolname = '$ROLE'")" != 1 ]; then
  psql_admin -c "create role $ROLE login createdb password '$PASSWORD'" >&2
fi
if [ "$(psql_admin -c "select 1 from pg_database where datname = '$DBNAME'")" != 1 ]; then
  psql_admin -c "create database $DBNAME owner $ROLE" >&2
fi

say "ready ($("$BIN/postgres" --version))"
echo "export PRX_TEST_PG_URL=postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DBNAME"
