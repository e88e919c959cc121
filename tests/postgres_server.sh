#!/bin/sh
# A throw-away PostgreSQL server for the tests (Debian's PostgreSQL 15):
#   postgres_server.sh start DIR   initdb into DIR, start on a free loopback
#                                  port, write the port to DIR/port
#   postgres_server.sh stop DIR    stop it and remove DIR
#   postgres_server.sh halt DIR    stop it, keeping its data (a server gone)
#   postgres_server.sh resume DIR  start it again on its port
# Authentication is "trust" on 127.0.0.1 only; fsync is off (the tests kill
# processes, not machines). As root, the server runs as the postgres user
# the Debian package creates (initdb refuses root).
set -eu
command=$1
dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ]; then
  echo "postgres_server: no PostgreSQL under /usr/lib/postgresql (make deps)" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Starts the server of DIR on port $1; fails if the port is taken.
pg_start() {
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $1 -k $dir -c listen_addresses=127.0.0.1 -c fsync=off \
        -c synchronous_commit=off -c full_page_writes=off \
        -c max_connections=300" start >/dev/null 2>&1
}

case "$command" in
start)
  rm -rf "$dir"
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 \
    --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1
  # A port nobody listens on: try from one derived from our pid.
  port=$((20000 + $$ % 30000))
  tries=0
  until pg_start "$port"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 20 ]; then
      echo "postgres_server: could not start; see $dir/server.log" >&2
      exit 1
    fi
    port=$((port + 1))
  done
  echo "$port" >"$dir/port"
  ;;
halt)
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  ;;
resume)
  pg_start "$(cat "$dir/port")" || {
    echo "postgres_server: could not start again; see $dir/server.log" >&2
    exit 1
  }
  ;;
stop)
  if [ -d "$dir/data" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop \
      >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: postgres_server.sh start|stop|halt|resume DIR" >&2
  exit 2
  ;;
esac
