#!/bin/sh
# `make soak`: the crash trials many times over, then the soak run
# (soak_test.cc) on SQLite and on a throw-away PostgreSQL server.
#
# Usage: tests/soak/run-soak.sh BUILD_DIR
# Environment: DTR_SOAK_MINUTES (10), DTR_CRASH_TRIALS (25),
#   DTR_SOAK_STORES ("sqlite postgresql").
set -eu

build=${1:-build}
bin="$build/bin"
here=$(cd "$(dirname "$0")" && pwd)
export DTR_SOAK_MINUTES="${DTR_SOAK_MINUTES:-10}"
export DTR_CRASH_TRIALS="${DTR_CRASH_TRIALS:-25}"
stores=${DTR_SOAK_STORES:-sqlite postgresql}

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {print int($2/1024) " MiB"}' /proc/meminfo), $(uname -sr)"
pg_dir=$(mktemp -d)
cleanup() {
  sh "$here/../postgres_server.sh" stop "$pg_dir" >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

status=0
for store in $stores; do
  if [ "$store" = postgresql ]; then
    sh "$here/../postgres_server.sh" start "$pg_dir"
    export DTR_TEST_POSTGRES_DIR="$pg_dir"
  else
    unset DTR_TEST_POSTGRES_DIR
  fi
  echo "== crash trials on $store: $DTR_CRASH_TRIALS per service"
  "$bin/crash_safety_test" || status=1
  echo "== soak on $store: $DTR_SOAK_MINUTES minutes"
  "$bin/soak_test" || status=1
done
exit $status
