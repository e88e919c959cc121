#!/bin/sh
# `make run`: starts Redis and the four services on their default ports,
# loads the sample month, prints its indicators, security and workforce
# summaries and writes them under out/report/, generates the month's report
# into out/ (<UNIT>-<YYYY-MM>.docx, .html, .md, .json, .pdf), signs and
# issues it with throw-away certificates (out/run/pki/) and prints pdfsig's
# verdict on the issued PDF, then keeps serving until Ctrl-C. `make demo` (--demo) does the same and stops everything it
# started. `make up` (--monitoring) also starts Prometheus (Debian's
# prometheus package) scraping every service with dtr's alert rules loaded.
set -eu
DEMO=0
MONITORING=0
[ "${1:-}" = "--demo" ] && DEMO=1
[ "${1:-}" = "--monitoring" ] && MONITORING=1
cd "$(dirname "$0")/.."

BIN=build/bin
OUT=out
REDIS_PORT=${REDIS_PORT:-6379}
STATS_ADDR=127.0.0.1:7101
SECURITY_ADDR=127.0.0.1:7102
WORKFORCE_ADDR=127.0.0.1:7103
REPORT_ADDR=127.0.0.1:7104
mkdir -p "$OUT/run" "$OUT/report"

pids=""
stop() {
  trap - INT TERM EXIT
  # shellcheck disable=SC2086
  [ -n "$pids" ] && kill $pids 2>/dev/null && wait 2>/dev/null
  echo "dtr stopped"
}
trap stop INT TERM EXIT

"$BIN/dtctl" sample write --out "$OUT/sample"
. "$OUT/sample/sample.env"

if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  echo "using the Redis already on port $REDIS_PORT"
else
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" \
    --appendonly no --logfile "$PWD/$OUT/run/redis.log" &
  pids="$pids $!"
fi

# Starts a service in the background and waits for its "serving" line.
start_service() {
  name=$1
  shift
  # Plain text: a local stack for development (the services warn of it).
  "$BIN/$name" "$@" --drain-seconds 0 --plaintext \
    2>"$OUT/run/$name.log" &
  pid=$!
  pids="$pids $pid"
  until grep -q '"msg":"serving"' "$OUT/run/$name.log"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name did not start:" >&2
      cat "$OUT/run/$name.log" >&2
      exit 1
    fi
    sleep 0.1
  done
}

start_service stats-service --listen "$STATS_ADDR" \
  --http-listen 127.0.0.1:8101 --metrics 127.0.0.1:9101 --db "sqlite:$OUT/run/stats.db" \
  --redis "127.0.0.1:$REDIS_PORT" \
  --units "$OUT/sample/units.csv"
start_service security-service --listen "$SECURITY_ADDR" \
  --http-listen 127.0.0.1:8102 --metrics 127.0.0.1:9102 --db "sqlite:$OUT/run/security.db" \
  --redis "127.0.0.1:$REDIS_PORT" \
  --units "$OUT/sample/units.csv" --report "$REPORT_ADDR" \
  --controls services/security/data/controls.json
start_service workforce-service --listen "$WORKFORCE_ADDR" \
  --http-listen 127.0.0.1:8103 --metrics 127.0.0.1:9103 --db "sqlite:$OUT/run/workforce.db" \
  --redis "127.0.0.1:$REDIS_PORT" \
  --units "$OUT/sample/units.csv" --report "$REPORT_ADDR" \
  --rules services/workforce/data/allowance_rules.json
# Throw-away certificates for issuing: a CA, the signer named in the
# sample's settings and the issuing agency (never for production).
PKI=$OUT/run/pki
rm -rf "$PKI"
setting() {
  python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" \
    "$OUT/sample/report-settings.json" "$1"
}
tools/make-certs.sh "$PKI" ca document-ca
tools/make-certs.sh "$PKI" signer signer document-ca "$(setting signer_name)" \
  "$(setting issuer)"
tools/make-certs.sh "$PKI" signer agency document-ca "$(setting issuer)" \
  "$(setting issuer_parent)"
start_service report-service --listen "$REPORT_ADDR" \
  --http-listen 127.0.0.1:8104 --metrics 127.0.0.1:9104 --db "sqlite:$OUT/run/report.db" \
  --stats "$STATS_ADDR" --security "$SECURITY_ADDR" \
  --workforce "$WORKFORCE_ADDR" --templates services/report/templates \
  --units "$OUT/sample/units.csv" --settings "$OUT/sample/settings.json" \
  --contribution-defaults services/report/data/contribution-defaults.json \
  --agency-cert "$PKI/agency.pem" --agency-key "$PKI/agency.key" \
  --trust-anchors "$PKI/document-ca.crt"

PROMETHEUS_PORT=9090
if [ "$MONITORING" = 1 ]; then
  # Debian's package may already run one on 9090 (under systemd): take the
  # next free port rather than its.
  while curl -s -o /dev/null "http://127.0.0.1:$PROMETHEUS_PORT/"; do
    PROMETHEUS_PORT=$((PROMETHEUS_PORT + 1))
  done
fi
PROMETHEUS_ADDR=127.0.0.1:$PROMETHEUS_PORT
if [ "$MONITORING" = 1 ]; then
  # deploy/prometheus/prometheus.yml names the services' default ports.
  prometheus --config.file=deploy/prometheus/prometheus.yml \
    --storage.tsdb.path="$OUT/run/prometheus" \
    --web.listen-address="$PROMETHEUS_ADDR" \
    2>"$OUT/run/prometheus.log" &
  pids="$pids $!"
  until grep -q "Server is ready to receive web requests" \
      "$OUT/run/prometheus.log"; do
    sleep 0.2
  done
fi

export DTR_STATS_ADDR="$STATS_ADDR" DTR_SECURITY_ADDR="$SECURITY_ADDR" \
  DTR_WORKFORCE_ADDR="$WORKFORCE_ADDR" DTR_REPORT_ADDR="$REPORT_ADDR"
"$BIN/dtctl" dossiers import "$OUT/sample/dossiers.csv"
"$BIN/dtctl" payments import "$OUT/sample/payments.csv"
# The systems as they stood at the start of the period, their controls and
# the endpoints at its end; incidents carry their own times.
"$BIN/dtctl" security systems import "$OUT/sample/systems.csv" \
  --effective "$SAMPLE_FROM"
for kind in controls endpoints incidents; do
  "$BIN/dtctl" security "$kind" import "$OUT/sample/$kind.csv" \
    --effective "$SAMPLE_TO"
done
# Staff before the absences and attendance that name them.
for kind in staff absences courses attendance; do
  "$BIN/dtctl" workforce "$kind" import "$OUT/sample/$kind.csv"
done

"$BIN/dtctl" stats indicators --unit "$SAMPLE_UNIT" \
  --from "$SAMPLE_FROM" --to "$SAMPLE_TO"
"$BIN/dtctl" stats indicators --unit "$SAMPLE_UNIT" \
  --from "$SAMPLE_FROM" --to "$SAMPLE_TO" --json \
  >"$OUT/report/indicators-$SAMPLE_TO.json"
"$BIN/dtctl" stats indicators --unit "$SAMPLE_UNIT" \
  --from "$SAMPLE_PAYMENTS_FROM" --to "$SAMPLE_PAYMENTS_TO" --json \
  >"$OUT/report/payments-window-$SAMPLE_PAYMENTS_TO.json"
"$BIN/dtctl" security summary --unit "$SAMPLE_UNIT" --as-of "$SAMPLE_TO"
"$BIN/dtctl" security summary --unit "$SAMPLE_UNIT" --as-of "$SAMPLE_TO" \
  --json >"$OUT/report/security-$SAMPLE_TO.json"
"$BIN/dtctl" workforce summary --unit "$SAMPLE_UNIT" \
  --from "$SAMPLE_FROM" --to "$SAMPLE_TO"
"$BIN/dtctl" workforce summary --unit "$SAMPLE_UNIT" \
  --from "$SAMPLE_FROM" --to "$SAMPLE_TO" --json \
  >"$OUT/report/workforce-$SAMPLE_TO.json"

# The month's report: its narratives (the real report's own text), how it is
# issued (the report service's --settings file, by date), and the figures of
# the services; the national payment platform's statistics run to the
# sample's payment window.
"$BIN/dtctl" narrative import "$OUT/sample/narratives.json"
"$BIN/dtctl" rules show --kind settings --unit "$SAMPLE_UNIT" --on "$SAMPLE_TO"
PERIOD=$(echo "$SAMPLE_TO" | cut -c1-7)

# The departments' own lines of the month, collected as contributions: the
# defaults ask every provincial agency for §1.4 by the 20th; replaying the
# month today, the Department gives the departments that wrote a week from
# now. Each writes its text, submits it; the Department accepts it.
# A store kept from an earlier run has them already, and the month issued
# (locked: nobody is asked any more).
DEADLINE=$(date -d '+7 days' +%F)
UNITS=$(cut -f1 "$OUT/sample/contributions.tsv" | paste -sd, -)
if ! "$BIN/dtctl" period locks | grep -q " $PERIOD locked since"; then
  "$BIN/dtctl" contributions request --period "$PERIOD" --section data \
    --units "$UNITS" --deadline "$DEADLINE" >/dev/null
fi
while IFS="$(printf '\t')" read -r unit section file; do
  state=$("$BIN/dtctl" contributions get --unit "$unit" --period "$PERIOD" \
    --section "$section" 2>/dev/null | head -1 | sed -n 's/.*: \([a-z]*\) (.*/\1/p')
  case "$state" in
    accepted) steps="" ;;
    submitted) steps="accept" ;;
    *) steps="put submit accept" ;;
  esac
  for step in $steps; do
    "$BIN/dtctl" contributions "$step" --unit "$unit" --period "$PERIOD" \
      --section "$section" $([ "$step" = put ] && echo --file "$file") \
      >/dev/null
  done
done <"$OUT/sample/contributions.tsv"
"$BIN/dtctl" contributions status --period "$PERIOD"
"$BIN/dtctl" report generate --unit "$SAMPLE_UNIT" --period "$PERIOD" \
  --payments-through "$SAMPLE_PAYMENTS_TO" --out "$OUT"

# The draft signed by the competent person (on their desk, with their key),
# then issued: numbered, dated, signed by the agency. out/<UNIT>-<P>.pdf
# becomes the issued document.
"$BIN/dtctl" report sign --unit "$SAMPLE_UNIT" --period "$PERIOD" \
  --cert "$PKI/signer.pem" --key "$PKI/signer.key"
"$BIN/dtctl" report issue --unit "$SAMPLE_UNIT" --period "$PERIOD"
"$BIN/dtctl" report get --unit "$SAMPLE_UNIT" --period "$PERIOD" \
  --format pdf --out "$OUT" >/dev/null
REPORT_FILE="$OUT/$SAMPLE_UNIT-$PERIOD"
# poppler's verdict, trusting the throw-away CA in an NSS database of its
# own.
NSS=$OUT/run/nss
rm -rf "$NSS" && mkdir -p "$NSS"
certutil -N -d "sql:$NSS" --empty-password
certutil -A -d "sql:$NSS" -n document-ca -t "C,C,C" -i "$PKI/document-ca.crt"
echo "pdfsig $REPORT_FILE.pdf:"
pdfsig -nssdir "sql:$NSS" "$REPORT_FILE.pdf"
if [ "$DEMO" = 1 ]; then
  cat <<MSG

The report: $REPORT_FILE.docx, .html, .md, .json; issued: $REPORT_FILE.pdf
Summaries: $OUT/report/. Logs: $OUT/run/. Stopping (make run keeps serving).
MSG
  exit 0
fi

cat <<MSG

The report: $REPORT_FILE.docx, .html, .md, .json; issued: $REPORT_FILE.pdf
Summaries written to $OUT/report/. The stack keeps running:
  stats service     $STATS_ADDR (gRPC), http://127.0.0.1:8101/ (REST/JSON),
                    http://127.0.0.1:9101/metrics
  security service  $SECURITY_ADDR (gRPC), http://127.0.0.1:8102/ (REST/JSON),
                    http://127.0.0.1:9102/metrics
  workforce service $WORKFORCE_ADDR (gRPC), http://127.0.0.1:8103/ (REST/JSON),
                    http://127.0.0.1:9103/metrics
  report service    $REPORT_ADDR (gRPC), http://127.0.0.1:8104/ (REST/JSON),
                    http://127.0.0.1:9104/metrics
  Redis             127.0.0.1:$REDIS_PORT
  logs              $OUT/run/
$([ "$MONITORING" = 1 ] && echo "  Prometheus        http://$PROMETHEUS_ADDR/ (/targets, /alerts; rules from deploy/prometheus/rules/)")
Try: $BIN/dtctl stats indicators --unit $SAMPLE_UNIT --from $SAMPLE_FROM --to $SAMPLE_TO
     $BIN/dtctl report generate --unit $SAMPLE_UNIT --period previous-month --allow-partial --out /tmp/report
     $BIN/dtctl report list --unit $SAMPLE_UNIT
     curl -s 'http://127.0.0.1:8101/v1/units/$SAMPLE_UNIT/indicators?range.start_date=$SAMPLE_FROM&range.end_date=$SAMPLE_TO'
Press Ctrl-C to stop.
MSG
wait
