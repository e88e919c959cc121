#!/bin/sh
# `make bench`: import and query benchmarks of the stats service on SQLite
# and on PostgreSQL (a throw-away server), the import of 5 million dossiers
# on each, the national run (34 provinces, 3,321 communes, 10 million
# dossiers) on each, and the generation of the month's report (five
# renderings), its signing and issuing, with their targets on a 2-core
# machine. Prints figures; it does not fail on a missed
# target.
set -eu
cd "$(dirname "$0")/.."
BIN=build/bin
WORK=$(mktemp -d "${TMPDIR:-/tmp}/dtr-bench-XXXXXX")
pids=""
cleanup() {
  # shellcheck disable=SC2086
  [ -n "$pids" ] && kill $pids 2>/dev/null && wait 2>/dev/null
  sh tests/postgres_server.sh stop "$WORK/postgres" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

now_ns() { date +%s%N; }

# A port nobody answers on, for redis-server (which cannot bind port 0).
redis_port=$((20000 + $$ % 20000))
while redis-cli -p "$redis_port" ping >/dev/null 2>&1; do
  redis_port=$((redis_port + 1))
done

# Starts a service binary in the background, its log in $WORK/LABEL.log;
# sets svc_pid, svc_addr and svc_metrics_port.
start_binary() {
  log="$WORK/$1.log"
  name=$2
  shift 2
  "$BIN/$name" --listen 127.0.0.1:0 --metrics 127.0.0.1:0 \
    --drain-seconds 0 --plaintext "$@" 2>"$log" &
  svc_pid=$!
  pids="$pids $svc_pid"
  until [ -f "$log" ] && grep -q '"msg":"serving"' "$log"; do sleep 0.05; done
  svc_addr="127.0.0.1:$(sed -n 's/.*"grpc_port":\([0-9]*\).*/\1/p' "$log" | head -1)"
  svc_metrics_port=$(sed -n 's/.*"metrics_port":\([0-9]*\).*/\1/p' "$log" | head -1)
  svc_http_port=$(sed -n 's/.*"http_port":\([0-9]*\).*/\1/p' "$log" | head -1)
}
# stats-service on store URL $2 with the sample's unit tree.
start_service() {
  label=$1
  db=$2
  shift 2
  start_binary "stats-$label" stats-service --db "$db" \
    --units "$WORK/sample/units.csv" "$@"
}
stop_service() {
  kill "$svc_pid"
  wait "$svc_pid" 2>/dev/null || true
}
result() { sed -n "s/^RESULT $1 //p" "$WORK/load.out" | cut -d' ' -f"$2"; }
peak_mib() {
  sed -n 's/^VmHWM:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$1/status" |
    awk '{ printf "%.0f", $1 / 1024 }'
}
# Imports dossiers file $1 through dtctl into the running service; prints
# "ROWS SECONDS RATE PEAK_MIB".
timed_import() {
  n=$(($(wc -l <"$1") - 1))
  t0=$(now_ns)
  "$BIN/dtctl" --server "$svc_addr" dossiers import "$1" >/dev/null
  t1=$(now_ns)
  awk -v r="$n" -v ns=$((t1 - t0)) -v mib="$(peak_mib "$svc_pid")" \
    'BEGIN { printf "%d %.2f %.0f %s\n", r, ns / 1e9, r / (ns / 1e9), mib }'
}
# A fresh database of the throw-away PostgreSQL server.
postgres_db() {
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -qc \
    "CREATE DATABASE $1" >/dev/null
  echo "postgresql://postgres@127.0.0.1:$pg_port/$1"
}

echo "dtr benchmarks ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ))"
"$BIN/dtctl" sample write --out "$WORK/sample" >/dev/null
. "$WORK/sample/sample.env"
rows=$(($(wc -l <"$WORK/sample/dossiers.csv") - 1))

redis-server --port "$redis_port" --bind 127.0.0.1 --save "" \
  --appendonly no --logfile "$WORK/redis.log" &
pids="$pids $!"
until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do sleep 0.05; done

# The PostgreSQL server runs as the postgres user when we are root.
chmod 711 "$WORK"
sh tests/postgres_server.sh start "$WORK/postgres"
pg_port=$(cat "$WORK/postgres/port")

# 1–3 on each backend: the sample month imported through dtctl into a fresh
# store; cached answers and the trivial echo with the same load generator;
# then the same store without a cache, where every call sums counters.
for backend in sqlite postgresql; do
  if [ "$backend" = sqlite ]; then
    db="sqlite:$WORK/stats.db"
  else
    db=$(postgres_db sample)
  fi
  start_service "import-$backend" "$db" --redis "127.0.0.1:$redis_port" \
    --http-listen 127.0.0.1:0
  timed_import "$WORK/sample/dossiers.csv" >"$WORK/import-$backend"
  "$BIN/dtctl" --server "$svc_addr" payments import "$WORK/sample/payments.csv" >/dev/null
  "$BIN/grpc_load" --server "$svc_addr" --calls 1 --inflight 1 --unit "$SAMPLE_UNIT" \
    --from "$SAMPLE_FROM" --to "$SAMPLE_TO" --label warm >/dev/null
  {
    "$BIN/grpc_load" --server "$svc_addr" --inflight 16 --seconds 5 \
      --unit "$SAMPLE_UNIT" --from "$SAMPLE_FROM" --to "$SAMPLE_TO" \
      --label "cached-$backend"
    "$BIN/grpc_load" --server "$svc_addr" --method echo --inflight 16 --seconds 5 \
      --label "echo-$backend"
  } >>"$WORK/load.out"
  # The same call over the REST/JSON face, 16 connections, with wrk.
  wrk -t 2 -c 16 -d 5s \
    "http://127.0.0.1:$svc_http_port/v1/units/$SAMPLE_UNIT/indicators?range.start_date=$SAMPLE_FROM&range.end_date=$SAMPLE_TO" \
    >"$WORK/http-$backend"
  sed -n 's/^Requests\/sec: *//p' "$WORK/http-$backend" >"$WORK/http-rate-$backend"
  echo "http-$backend: $(cat "$WORK/http-rate-$backend") calls/s (wrk, 16 connections)"
  stop_service
  # The next store's services must not find this one's answers.
  redis-cli -p "$redis_port" flushall >/dev/null
  start_service "uncached-$backend" "$db"
  "$BIN/grpc_load" --server "$svc_addr" --inflight 1 --calls 100 \
    --unit "$SAMPLE_UNIT" --from "$SAMPLE_FROM" --to "$SAMPLE_TO" \
    --label "uncached-$backend" >>"$WORK/load.out"
  stop_service
done
grep -v '^RESULT' "$WORK/load.out"

# 5 million dossiers of a year, in date order, into a fresh store of each
# backend (no cache: an import does not use it).
"$BIN/dossier_csv" --units "$WORK/sample/units.csv" --count 5000000 \
  --out "$WORK/5m.csv"
start_service bulk-sqlite "sqlite:$WORK/bulk.db"
timed_import "$WORK/5m.csv" >"$WORK/bulk-sqlite"
stop_service
rm -f "$WORK/bulk.db"*
start_service bulk-postgresql "$(postgres_db bulk)"
timed_import "$WORK/5m.csv" >"$WORK/bulk-postgresql"
stop_service
rm -f "$WORK/5m.csv"

# National scale: the two-level tree of the whole country (34 provinces,
# 3,321 communes) and 10 million dossiers of a year, on each backend: the
# import, then the year to date of the country (every level) and of one
# province uncached (no Redis) and cached, the lists, rankings and trends
# behind the figures, the service's memory and the database's size.
"$BIN/national_units" --out "$WORK/national-units.csv"
"$BIN/dossier_csv" --units "$WORK/national-units.csv" --count 10000000 \
  --year 2025 --out "$WORK/10m.csv"
for backend in sqlite postgresql; do
  if [ "$backend" = sqlite ]; then
    db="sqlite:$WORK/national.db"
  else
    db=$(postgres_db national)
  fi
  start_binary "national-import-$backend" stats-service --db "$db" \
    --units "$WORK/national-units.csv"
  timed_import "$WORK/10m.csv" >"$WORK/national-import-$backend"
  stop_service
  start_binary "national-uncached-$backend" stats-service --db "$db" \
    --units "$WORK/national-units.csv"
  for unit in VN P05; do
    "$BIN/grpc_load" --server "$svc_addr" --inflight 1 --calls 20 --unit "$unit" \
      --from 2025-01-01 --to 2025-12-31 \
      --label "national-uncached-$unit-$backend" >>"$WORK/load.out"
  done
  # Behind the figures, uncached: the first page of the late dossiers of
  # the country's year, the 3,321 communes ranked, a 12-month trend, and
  # the CSV export of a month's resolved dossiers through dtctl.
  {
    "$BIN/grpc_load" --server "$svc_addr" --method list --inflight 1 \
      --calls 20 --unit VN --from 2025-01-01 --to 2025-12-31 \
      --figure on_time --part rest --label "national-list-$backend"
    "$BIN/grpc_load" --server "$svc_addr" --method rank --inflight 1 \
      --calls 20 --unit VN --from 2025-01-01 --to 2025-12-31 \
      --level commune --figure on_time --label "national-rank-$backend"
    "$BIN/grpc_load" --server "$svc_addr" --method trend --inflight 1 \
      --calls 20 --unit VN --from 2025-01 --to 2025-12 \
      --figure online_submission --label "national-trend-$backend"
  } >>"$WORK/load.out"
  t0=$(now_ns)
  "$BIN/dtctl" --server "$svc_addr" stats dossiers --unit VN \
    --from 2025-03-01 --to 2025-03-31 --figure on_time --part denominator \
    --page-size 10000 --csv "$WORK/export.csv" 2>/dev/null
  t1=$(now_ns)
  awk -v r="$(($(wc -l <"$WORK/export.csv") - 1))" -v ns=$((t1 - t0)) \
    'BEGIN { printf "%d %.2f %.0f\n", r, ns / 1e9, r / (ns / 1e9) }' \
    >"$WORK/national-export-$backend"
  rm -f "$WORK/export.csv"
  peak_mib "$svc_pid" >"$WORK/national-query-mib-$backend"
  stop_service
  redis-cli -p "$redis_port" flushall >/dev/null
  start_binary "national-cached-$backend" stats-service --db "$db" \
    --units "$WORK/national-units.csv" --redis "127.0.0.1:$redis_port"
  "$BIN/grpc_load" --server "$svc_addr" --calls 1 --inflight 1 --unit VN \
    --from 2025-01-01 --to 2025-12-31 --label warm >/dev/null
  "$BIN/grpc_load" --server "$svc_addr" --inflight 16 --seconds 5 --unit VN \
    --from 2025-01-01 --to 2025-12-31 \
    --label "national-cached-VN-$backend" >>"$WORK/load.out"
  # A drill-down from the figure just read: its count is cached.
  "$BIN/grpc_load" --server "$svc_addr" --method list --inflight 1 \
    --calls 20 --unit VN --from 2025-01-01 --to 2025-12-31 \
    --figure on_time --part rest \
    --label "national-list-cached-$backend" >>"$WORK/load.out"
  stop_service
  redis-cli -p "$redis_port" flushall >/dev/null
  if [ "$backend" = sqlite ]; then
    du -cb "$WORK"/national.db* | tail -1 | cut -f1
  else
    psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -Atc \
      "SELECT pg_database_size('national')"
  fi | awk '{ printf "%.0f", $1 / 1048576 }' >"$WORK/national-size-$backend"
done
rm -f "$WORK/10m.csv" "$WORK"/national.db*
grep '^national' "$WORK/load.out"

# The month's report from the three services (the SQLite stats store of
# the sample, with its cache), all five renderings, archived each time,
# then each version signed and issued.
start_service report "sqlite:$WORK/stats.db" --redis "127.0.0.1:$redis_port"
stats_addr=$svc_addr
start_binary security security-service --db "sqlite:$WORK/security.db" \
  --units "$WORK/sample/units.csv" --redis "127.0.0.1:$redis_port" \
  --controls services/security/data/controls.json
security_addr=$svc_addr
start_binary workforce workforce-service --db "sqlite:$WORK/workforce.db" \
  --units "$WORK/sample/units.csv" --redis "127.0.0.1:$redis_port" \
  --rules services/workforce/data/allowance_rules.json
workforce_addr=$svc_addr
"$BIN/dtctl" --server "$security_addr" security systems import \
  "$WORK/sample/systems.csv" --effective "$SAMPLE_FROM" >/dev/null
for kind in controls endpoints incidents; do
  "$BIN/dtctl" --server "$security_addr" security "$kind" import \
    "$WORK/sample/$kind.csv" --effective "$SAMPLE_TO" >/dev/null
done
for kind in staff absences courses attendance; do
  "$BIN/dtctl" --server "$workforce_addr" workforce "$kind" import \
    "$WORK/sample/$kind.csv" >/dev/null
done
sh tools/make-certs.sh "$WORK/pki" ca ca
sh tools/make-certs.sh "$WORK/pki" signer signer ca "Dương Văn Tuấn"
sh tools/make-certs.sh "$WORK/pki" signer agency ca "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
start_binary report report-service --db "sqlite:$WORK/report.db" \
  --stats "$stats_addr" --security "$security_addr" \
  --workforce "$workforce_addr" --templates services/report/templates \
  --agency-cert "$WORK/pki/agency.pem" --agency-key "$WORK/pki/agency.key" \
  --trust-anchors "$WORK/pki/ca.crt"
"$BIN/dtctl" --server "$svc_addr" narrative import "$WORK/sample/narratives.json" >/dev/null
"$BIN/dtctl" --server "$svc_addr" report settings put "$WORK/sample/report-settings.json" >/dev/null
"$BIN/report_bench" --server "$svc_addr" --metrics-port "$svc_metrics_port" \
  --unit "$SAMPLE_UNIT" --period "$(echo "$SAMPLE_TO" | cut -c1-7)" \
  --payments-through "$SAMPLE_PAYMENTS_TO" --calls 10 \
  --cert "$WORK/pki/signer.pem" --key "$WORK/pki/signer.key" >>"$WORK/load.out"
grep '^report\|^sign' "$WORK/load.out"

field() { cut -d' ' -f"$2" "$WORK/$1"; }
ratio() {
  awk -v a="$(result "cached-$1" 1)" -v b="$(result "echo-$1" 1)" \
    'BEGIN { printf "%.2f", a / b }'
}
row() { printf '%-44s %-13s %-13s %s\n' "$@"; }
echo
row figure SQLite PostgreSQL target
row "sample import through dtctl, rows/s" "$(field import-sqlite 3)" \
  "$(field import-postgresql 3)" ">= 100000 / >= 50000"
row "  ($(field import-sqlite 1) rows), seconds" "$(field import-sqlite 2)" \
  "$(field import-postgresql 2)"
row "5,000,000 dossiers through dtctl, rows/s" "$(field bulk-sqlite 3)" \
  "$(field bulk-postgresql 3)" ">= 250000 / >= 150000"
row "  seconds" "$(field bulk-sqlite 2)" "$(field bulk-postgresql 2)"
row "peak service memory, sample import, MiB" "$(field import-sqlite 4)" \
  "$(field import-postgresql 4)"
row "peak service memory, 5 million, MiB" "$(field bulk-sqlite 4)" \
  "$(field bulk-postgresql 4)"
row "GetIndicators uncached, p50, ms" "$(result uncached-sqlite 2)" \
  "$(result uncached-postgresql 2)" "<= 20"
row "GetIndicators cached, 16 in flight, p99, ms" "$(result cached-sqlite 3)" \
  "$(result cached-postgresql 3)" "<= 1"
row "  the echo's p99 in the same run, ms" "$(result echo-sqlite 3)" \
  "$(result echo-postgresql 3)"
row "cached / echo throughput" "$(ratio sqlite)" "$(ratio postgresql)" ">= 0.85"
http_ratio() {
  awk -v a="$(cat "$WORK/http-rate-$1")" -v b="$(result "cached-$1" 1)" \
    'BEGIN { printf "%.2f", a / b }'
}
row "GetIndicators cached over HTTP, calls/s" "$(cat "$WORK/http-rate-sqlite")" \
  "$(cat "$WORK/http-rate-postgresql")"
row "  HTTP / gRPC throughput" "$(http_ratio sqlite)" \
  "$(http_ratio postgresql)" ">= 0.5"
row "national: 10,000,000 dossiers, rows/s" "$(field national-import-sqlite 3)" \
  "$(field national-import-postgresql 3)" ">= 100000 / -"
row "  seconds" "$(field national-import-sqlite 2)" \
  "$(field national-import-postgresql 2)"
row "national: year to date, uncached, p50, ms" \
  "$(result national-uncached-VN-sqlite 2)" \
  "$(result national-uncached-VN-postgresql 2)" "<= 10 / <= 20"
row "one province: year to date, uncached, p50, ms" \
  "$(result national-uncached-P05-sqlite 2)" \
  "$(result national-uncached-P05-postgresql 2)" "<= 100"
row "national: first page of a list (late, year), p50, ms" \
  "$(result national-list-cached-sqlite 2)" \
  "$(result national-list-cached-postgresql 2)" "<= 50"
row "  its count not cached, p50, ms" "$(result national-list-sqlite 2)" \
  "$(result national-list-postgresql 2)"
row "national: 3,321 communes ranked (year), p50, ms" \
  "$(result national-rank-sqlite 2)" "$(result national-rank-postgresql 2)" \
  "<= 100"
row "national: 12-month trend of the country, p50, ms" \
  "$(result national-trend-sqlite 2)" "$(result national-trend-postgresql 2)" \
  "<= 50"
row "national: CSV export of a list, rows/s" \
  "$(field national-export-sqlite 3)" "$(field national-export-postgresql 3)" \
  ">= 200000"
row "  ($(field national-export-sqlite 1) rows), seconds" \
  "$(field national-export-sqlite 2)" "$(field national-export-postgresql 2)"
row "national: cached, 16 in flight, p99, ms" \
  "$(result national-cached-VN-sqlite 3)" \
  "$(result national-cached-VN-postgresql 3)" "<= 2"
row "national: peak memory, import / queries, MiB" \
  "$(field national-import-sqlite 4) / $(cat "$WORK/national-query-mib-sqlite")" \
  "$(field national-import-postgresql 4) / $(cat "$WORK/national-query-mib-postgresql")" \
  "<= 256"
row "national: database size, MiB" "$(cat "$WORK/national-size-sqlite")" \
  "$(cat "$WORK/national-size-postgresql")"
row "report, 5 renderings, first, ms" "$(result report 1)" "" "<= 300"
row "report, 5 renderings, median of 10, ms" "$(result report 2)" "" "<= 300"
row "  of which rendering them, mean, ms" "$(result report 5)" ""
row "report: share waiting on the 3 services, %" "$(result report 4)" ""
row "signing a version (prepare, CMS, complete), median, ms" "$(result sign 1)" "" "<= 50"
row "issuing a version, median, ms" "$(result sign 2)" "" "<= 50"
