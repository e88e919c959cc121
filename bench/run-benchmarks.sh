#!/bin/sh
# `make bench`: import and query benchmarks of the stats service, and the
# generation of the month's report, on the sample month, with their targets
# on a 2-core machine. Prints figures; it does not fail on a missed target.
set -eu
cd "$(dirname "$0")/.."
BIN=build/bin
WORK=$(mktemp -d "${TMPDIR:-/tmp}/dtr-bench-XXXXXX")
pids=""
cleanup() {
  # shellcheck disable=SC2086
  [ -n "$pids" ] && kill $pids 2>/dev/null && wait 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

now_ns() { date +%s%N; }

# A port nobody answers on, for redis-server (which cannot bind port 0).
redis_port=$((20000 + $$ % 20000))
while redis-cli -p "$redis_port" ping >/dev/null 2>&1; do
  redis_port=$((redis_port + 1))
done

# Starts stats-service in the background; sets svc_pid and svc_addr.
# Starts a service binary in the background, its log in $WORK/LABEL.log;
# sets svc_pid, svc_addr and svc_metrics_port.
start_binary() {
  log="$WORK/$1.log"
  name=$2
  shift 2
  "$BIN/$name" --listen 127.0.0.1:0 --metrics 127.0.0.1:0 \
    --drain-seconds 0 "$@" 2>"$log" &
  svc_pid=$!
  pids="$pids $svc_pid"
  until grep -q '"msg":"serving"' "$log"; do sleep 0.05; done
  svc_addr="127.0.0.1:$(sed -n 's/.*"grpc_port":\([0-9]*\).*/\1/p' "$log" | head -1)"
  svc_metrics_port=$(sed -n 's/.*"metrics_port":\([0-9]*\).*/\1/p' "$log" | head -1)
}
# stats-service on the benchmark's store.
start_service() {
  label=$1
  shift
  start_binary "stats-$label" stats-service --db "sqlite:$WORK/stats.db" \
    --units "$WORK/sample/units.csv" "$@"
}
stop_service() {
  kill "$svc_pid"
  wait "$svc_pid" 2>/dev/null || true
}
result() { sed -n "s/^RESULT $1 //p" "$WORK/load.out" | cut -d' ' -f"$2"; }

echo "dtr benchmarks ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ))"
"$BIN/dtctl" sample write --out "$WORK/sample" >/dev/null
. "$WORK/sample/sample.env"
rows=$(($(wc -l <"$WORK/sample/dossiers.csv") - 1))

redis-server --port "$redis_port" --bind 127.0.0.1 --save "" \
  --appendonly no --logfile "$WORK/redis.log" &
pids="$pids $!"
until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do sleep 0.05; done

# 1. Import through dtctl into a fresh SQLite store.
start_service import --redis "127.0.0.1:$redis_port"
t0=$(now_ns)
"$BIN/dtctl" --server "$svc_addr" dossiers import "$WORK/sample/dossiers.csv" >/dev/null
t1=$(now_ns)
"$BIN/dtctl" --server "$svc_addr" payments import "$WORK/sample/payments.csv" >/dev/null
peak_kb=$(sed -n 's/^VmHWM:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$svc_pid/status")
import_rate=$(awk -v r="$rows" -v ns=$((t1 - t0)) 'BEGIN { printf "%.0f", r / (ns / 1e9) }')
import_seconds=$(awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.2f", ns / 1e9 }')

# 2. Cached answers and the trivial echo, same load generator, same run.
"$BIN/grpc_load" --server "$svc_addr" --calls 1 --inflight 1 --unit "$SAMPLE_UNIT" \
  --from "$SAMPLE_FROM" --to "$SAMPLE_TO" --label warm >/dev/null
{
  "$BIN/grpc_load" --server "$svc_addr" --inflight 16 --seconds 5 \
    --unit "$SAMPLE_UNIT" --from "$SAMPLE_FROM" --to "$SAMPLE_TO" --label cached
  "$BIN/grpc_load" --server "$svc_addr" --method echo --inflight 16 --seconds 5 \
    --label echo
} >"$WORK/load.out"
grep -v '^RESULT' "$WORK/load.out"
stop_service

# 3. Uncached: the same store without a cache; every call sums counters.
start_service uncached
"$BIN/grpc_load" --server "$svc_addr" --inflight 1 --calls 100 \
  --unit "$SAMPLE_UNIT" --from "$SAMPLE_FROM" --to "$SAMPLE_TO" \
  --label uncached >>"$WORK/load.out"
grep '^uncached' "$WORK/load.out"
stop_service

# 4. The month's report from the three services (the stats store of step 1,
# with its cache), all four renderings, archived each time.
start_service report --redis "127.0.0.1:$redis_port"
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
start_binary report report-service --db "sqlite:$WORK/report.db" \
  --stats "$stats_addr" --security "$security_addr" \
  --workforce "$workforce_addr" --templates services/report/templates
"$BIN/dtctl" --server "$svc_addr" narrative import "$WORK/sample/narratives.json" >/dev/null
"$BIN/dtctl" --server "$svc_addr" report settings put "$WORK/sample/report-settings.json" >/dev/null
"$BIN/report_bench" --server "$svc_addr" --metrics-port "$svc_metrics_port" \
  --unit "$SAMPLE_UNIT" --period "$(echo "$SAMPLE_TO" | cut -c1-7)" \
  --payments-through "$SAMPLE_PAYMENTS_TO" --calls 10 >>"$WORK/load.out"
grep '^report' "$WORK/load.out"

cached_rate=$(result cached 1)
echo_rate=$(result echo 1)
ratio=$(awk -v a="$cached_rate" -v b="$echo_rate" 'BEGIN { printf "%.2f", a / b }')
cat <<EOF2

figure                                          measured        target
import through dtctl, fresh SQLite store        $import_rate rows/s   >= 100000 rows/s  ($rows rows in $import_seconds s)
GetIndicators uncached, p50                     $(result uncached 2) ms        <= 20 ms
GetIndicators cached, 16 in flight, p99         $(result cached 3) ms        <= 2 ms
cached throughput / echo throughput             $ratio            >= 0.35  ($cached_rate vs $echo_rate calls/s)
peak resident memory of the service (import)    $((peak_kb / 1024)) MiB
report, 4 renderings, first (cold caches)       $(result report 1) ms        <= 1000 ms
report, 4 renderings, median of 10              $(result report 2) ms        <= 1000 ms
share of generation waiting on the 3 services   $(result report 4) %
EOF2
