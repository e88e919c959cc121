#!/bin/sh
# `make fuzz`: runs every libFuzzer target of BUILD_DIR (build-fuzz) for
# SECONDS seconds each (15 by default) on its committed seed corpus
# (tests/fuzz/corpus/<target>/) plus seeds made from the repository's own
# files: the shipped JSON files, and one valid request of each kind encoded
# by protoc. Fails on the first crash or sanitizer report; the input that
# caused it is left in BUILD_DIR/fuzz-artifacts/.
set -eu
cd "$(dirname "$0")/../.."
build=${1:-build-fuzz}
seconds=${SECONDS_PER_TARGET:-15}
work=$(mktemp -d "${TMPDIR:-/tmp}/dtr-fuzz-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$build/fuzz-artifacts"

# A request seed: the kind byte the target switches on, then the message.
request_seed() {
  kind=$1 type=$2 proto=$3 text=$4
  {
    printf "\\$(printf '%03o' "$kind")"
    printf '%s' "$text" | protoc -I proto --encode="$type" "$proto"
  } >"$work/requests_fuzz/seed-$kind"
}

for target in csv_reader_fuzz unit_tree_fuzz json_files_fuzz requests_fuzz; do
  mkdir -p "$work/$target"
  cp tests/fuzz/corpus/$target/* "$work/$target/" 2>/dev/null || true
done
{ printf '\001'; cat services/workforce/data/allowance_rules.json; } \
  >"$work/json_files_fuzz/allowance_rules"
{ printf '\002'; cat services/security/data/controls.json; } \
  >"$work/json_files_fuzz/controls"
{ printf '\003'; cat services/stats/data/indicators.json; } \
  >"$work/json_files_fuzz/indicators"
request_seed 0 dtr.stats.v1.Dossier dtr/stats/v1/stats.proto \
  'dossier_id: "D1" unit_code: "C1" procedure_code: "1.000001" received_at: "2023-10-02T08:00:00+07:00" channel: CHANNEL_ONLINE service_level: SERVICE_LEVEL_FULL status: DOSSIER_STATUS_DONE_ON_TIME'
request_seed 1 dtr.stats.v1.Payment dtr/stats/v1/stats.proto \
  'transaction_id: "T1" unit_code: "A" paid_at: "2023-10-02" amount_vnd: 50000 status: PAYMENT_STATUS_SUCCESS'
request_seed 4 dtr.workforce.v1.Absence dtr/workforce/v1/workforce.proto \
  'absence_id: "A1" staff_id: "S1" start_date: "2023-03-01" end_date: "2023-03-20"'

status=0
for target in csv_reader_fuzz unit_tree_fuzz json_files_fuzz requests_fuzz; do
  echo "== $target, ${seconds} s"
  if ! "$build/bin/$target" "$work/$target" -max_total_time="$seconds" \
      -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$build/fuzz-artifacts/$target-" 2>"$work/$target.log"; then
    tail -40 "$work/$target.log"
    status=1
  fi
  grep -E '^(stat::number_of_executed_units|stat::new_units_added)' \
    "$work/$target.log" || true
done
exit "$status"
