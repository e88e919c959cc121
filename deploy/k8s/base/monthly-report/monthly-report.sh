#!/bin/sh
# The monthly-report CronJob's command. It is started on each of the
# month's first mornings and makes the previous month's report for every
# configured unit on the month's first working day only (Monday to Friday,
# not a holiday); on the other days it exits 0 at once. The report service
# archives each version; the files written here are only a by-product.
#
# Environment:
#   DTR_SCHEDULE_DIR    holds `units` and `holidays` (the dtr-monthly-report
#                       ConfigMap), one entry a line, # starts a comment
#   DTR_REPORT_OUT      directory to write the report files into
#   DTR_REPORT_ANY_DAY  1: make the reports whatever day it is (a rerun)
#   DTR_REPORT_TODAY    YYYY-MM-DD to decide for instead of today
#   DTR_REPORT_TIMEOUT  seconds one report may take
#   DTCTL               the dtctl program
# dtctl itself reads the report service's address from DTR_REPORT_ADDR, and
# from DTR_TLS_CA, DTR_TLS_CERT and DTR_TLS_KEY the CA it verifies the
# service with and its client certificate (mutual TLS).
set -eu

schedule_dir=${DTR_SCHEDULE_DIR:-/etc/dtr/monthly-report}
out_dir=${DTR_REPORT_OUT:-/var/lib/dtr/reports}
timeout=${DTR_REPORT_TIMEOUT:-600}
dtctl=${DTCTL:-/usr/local/bin/dtctl}

# One JSON line on stderr, like the services' own logs.
log() {
  printf '{"time":"%s","level":"%s","service":"monthly-report","msg":"%s"}\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" "$2" >&2
}

# The lines of a schedule file without comments and blanks.
entries() {
  sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$1"
}

for file in units holidays; do
  if [ ! -r "$schedule_dir/$file" ]; then
    log error "$schedule_dir/$file is missing"
    exit 1
  fi
done

# Vietnam keeps UTC+7 the whole year; a POSIX TZ string needs no time zone
# database in the image. The report service counts "previous-month" from the
# same calendar day.
today=${DTR_REPORT_TODAY:-$(TZ=ICT-7 date +%Y-%m-%d)}
case $today in
  [0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]) ;;
  *) log error "today is not YYYY-MM-DD: $today"; exit 1 ;;
esac

is_holiday() {
  entries "$schedule_dir/holidays" | grep -qxF -e "$1" -e "${1#*-}"
}

# Monday (1) to Friday (5) and not a holiday.
is_working_day() {
  weekday=$(TZ=UTC0 date -d "$1" +%u) || exit 1
  [ "$weekday" -le 5 ] && ! is_holiday "$1"
}

if [ "${DTR_REPORT_ANY_DAY:-}" != 1 ]; then
  if ! is_working_day "$today"; then
    log info "$today is not a working day: no report"
    exit 0
  fi
  month=${today%-*}
  day=${today##*-}
  day=${day#0}
  earlier=1
  while [ "$earlier" -lt "$day" ]; do
    earlier_date=$(printf '%s-%02d' "$month" "$earlier")
    if is_working_day "$earlier_date"; then
      log info "$today is not the month's first working day ($earlier_date was): no report"
      exit 0
    fi
    earlier=$((earlier + 1))
  done
fi

units=$(entries "$schedule_dir/units")
if [ -z "$units" ]; then
  log error "$schedule_dir/units names no unit"
  exit 1
fi
for unit in $units; do
  case $unit in
    *[!A-Za-z0-9._-]*)
      log error "unit code with characters other than letters, digits, . _ -: $unit"
      exit 1 ;;
  esac
done

mkdir -p "$out_dir"
failed=""
for unit in $units; do
  log info "$today: making the previous month's report of unit $unit"
  if "$dtctl" report generate --unit "$unit" --period previous-month \
      --out "$out_dir" --timeout "$timeout"; then
    log info "report of unit $unit made"
  else
    log error "report of unit $unit failed"
    failed="$failed $unit"
  fi
done
if [ -n "$failed" ]; then
  log error "reports failed for:$failed"
  exit 1
fi
