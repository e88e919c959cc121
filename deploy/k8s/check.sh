#!/bin/sh
# Offline checks of the Kubernetes manifests under deploy/k8s; no cluster is
# needed. See README.md ("Checks") for what each step verifies.
#
# Usage: sh deploy/k8s/check.sh
# Environment:
#   KUBECTL  the kubectl that renders the overlays (default: kubectl)
# Exit status: 0 every check passed, 1 a check failed, 77 a tool it needs is
# missing (kubectl, node or npm): ctest counts that as skipped.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
validate="$here/validate"
kubectl=${KUBECTL:-kubectl}

passed=0
failed=0
skipped=0
pass() {
  passed=$((passed + 1))
  echo "ok    $1"
}
fail() {
  failed=$((failed + 1))
  echo "FAIL  $1"
}
skip_all() {
  echo "check.sh: $1" >&2
  echo "check.sh: skipped" >&2
  exit 77
}

# --- the tools -------------------------------------------------------------
command -v "$kubectl" >/dev/null 2>&1 ||
  skip_all "kubectl not found (Debian: apt-get install kubernetes-client)"
command -v node >/dev/null 2>&1 ||
  skip_all "node not found (Debian: apt-get install nodejs npm)"
command -v npm >/dev/null 2>&1 ||
  skip_all "npm not found (Debian: apt-get install npm)"
# The validators' packages, exactly as package-lock.json pins them; again
# when the lock file changed since they were installed.
if [ ! -f "$validate/node_modules/.package-lock.json" ] ||
   [ -n "$(find "$validate/package-lock.json" \
          -newer "$validate/node_modules/.package-lock.json")" ]; then
  echo "check.sh: npm ci in $validate"
  npm ci --prefix "$validate" --no-audit --no-fund --loglevel=error ||
    skip_all "npm ci failed in $validate: its packages cannot be installed"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

# --- rendering -------------------------------------------------------------
kubectl_version=$("$kubectl" version --client 2>/dev/null |
  sed -n -e 's/.*GitVersion:"\([^"]*\)".*/\1/p' -e 's/^Client Version: \(v[^ ]*\).*/\1/p' |
  head -n 1)
echo "== kustomize of kubectl ${kubectl_version:-(version unknown)}"
for overlay in dev prod; do
  if "$kubectl" kustomize "$here/$overlay" >"$tmp/$overlay.yaml" 2>"$tmp/$overlay.err"; then
    pass "kubectl kustomize deploy/k8s/$overlay renders"
  else
    fail "kubectl kustomize deploy/k8s/$overlay"
  fi
  # kustomize v5 warns about the v2-compatible fields on purpose; anything
  # else it says is shown.
  grep -v "^# Warning: '\(bases\|patchesStrategicMerge\|patchesJson6902\)' is deprecated" \
    "$tmp/$overlay.err" || true
done

# --- schemas and policy ----------------------------------------------------
echo "== OpenAPI schemas and policy of every rendered object"
for overlay in dev prod; do
  if [ -s "$tmp/$overlay.yaml" ]; then
    if (cd "$tmp" && node "$validate/validate.mjs" "$overlay.yaml"); then
      pass "$overlay: every object valid and within the policy"
    else
      fail "$overlay: objects invalid or against the policy (FAIL lines above)"
    fi
  fi
done

echo "== dev's and prod's pod templates"
if [ -s "$tmp/dev.yaml" ] && [ -s "$tmp/prod.yaml" ]; then
  if (cd "$tmp" && node "$validate/validate.mjs" --same-pods dev.yaml prod.yaml); then
    pass "dev and prod run the same pod templates but for store, resources, scheduling"
  else
    fail "dev and prod pod templates differ (FAIL lines above)"
  fi
fi

# --- the checkers catch what they should -----------------------------------
echo "== the policy check refuses testdata/bad-deployment.yaml"
if node "$validate/validate.mjs" "$validate/testdata/bad-deployment.yaml" >"$tmp/bad.out" 2>&1; then
  cat "$tmp/bad.out"
  fail "the policy check passed a workload it must refuse"
else
  missing=""
  for expected in \
      "readinessProbe missing" \
      "livenessProbe is not a gRPC probe" \
      "startupProbe probes port 7101, not the health port 7190" \
      "DTR_HEALTH_LISTEN missing" \
      "DTR_PLAINTEXT is set" \
      "TLS Secret dtr-tls-bad-example is not mounted" \
      "resources.limits.memory missing" \
      "runAsNonRoot: true missing" \
      "readOnlyRootFilesystem: true missing" \
      "capabilities drop ALL missing" \
      "automountServiceAccountToken: false missing" \
      "label app.kubernetes.io/version missing"; do
    grep -q "Deployment/bad-example: .*$expected" "$tmp/bad.out" ||
      missing="$missing [$expected]"
  done
  if [ -z "$missing" ]; then
    pass "policy check fails on the bad workload, naming each problem"
  else
    cat "$tmp/bad.out"
    fail "policy check did not report:$missing"
  fi
fi

echo "== the schema check refuses testdata/bad-schema.yaml"
if node "$validate/validate.mjs" "$validate/testdata/bad-schema.yaml" >"$tmp/bad-schema.out" 2>&1; then
  cat "$tmp/bad-schema.out"
  fail "the schema check passed an object it must refuse"
elif grep -q "Service/bad-schema-example: schema: /spec/ports/0/port must be integer" \
    "$tmp/bad-schema.out"; then
  pass "schema check fails on a Service port given by name"
else
  cat "$tmp/bad-schema.out"
  fail "the schema check failed without naming the port"
fi

echo "== the pod template comparison notices a change to one overlay"
if [ -s "$tmp/prod.yaml" ]; then
  sed 's/^\(          periodSeconds:\) 5$/\1 7/' "$tmp/prod.yaml" >"$tmp/prod-changed.yaml"
  if cmp -s "$tmp/prod.yaml" "$tmp/prod-changed.yaml"; then
    fail "could not make a changed copy of prod (no readiness periodSeconds: 5)"
  elif node "$validate/validate.mjs" --same-pods "$tmp/dev.yaml" "$tmp/prod-changed.yaml" \
      >"$tmp/changed.out" 2>&1; then
    fail "the comparison passed pod templates with different probes"
  elif grep -q "readinessProbe/periodSeconds: 5 vs 7" "$tmp/changed.out"; then
    pass "comparison fails on a probe changed in prod only"
  else
    cat "$tmp/changed.out"
    fail "the comparison failed without naming the changed probe"
  fi
fi

echo "== the certificate check notices a service name of another namespace"
if [ -s "$tmp/prod.yaml" ]; then
  # prod's stats-service certificate naming dev's namespace, as a
  # certificate-dns-names.yaml copied between overlays would.
  sed 's/^\(  - stats-service\.\)dtr\(\.svc\.cluster\.local\)$/\1dtr-dev\2/' \
    "$tmp/prod.yaml" >"$tmp/prod-dns.yaml"
  if cmp -s "$tmp/prod.yaml" "$tmp/prod-dns.yaml"; then
    fail "could not make a changed copy of prod (no dnsName stats-service.dtr.svc.cluster.local)"
  elif node "$validate/validate.mjs" "$tmp/prod-dns.yaml" >"$tmp/dns.out" 2>&1; then
    fail "the policy check passed a certificate without its Service's name"
  elif grep -q "Certificate/dtr-tls-stats-service: dnsNames lack stats-service.dtr.svc.cluster.local" \
      "$tmp/dns.out"; then
    pass "certificate check fails on a dnsName in the wrong namespace"
  else
    cat "$tmp/dns.out"
    fail "the certificate check failed without naming the missing dnsName"
  fi
fi

# The ConfigMaps' files (generated where they live, no copies), the unit
# tree and the access policy are checked by config_test.sh, which needs
# neither kubectl nor node.

# --- the monthly report job's script ---------------------------------------
echo "== monthly-report.sh decides on the month's first working day"
script="$here/base/monthly-report/monthly-report.sh"
cat >"$tmp/dtctl-stub" <<'EOF'
#!/bin/sh
echo "$*" >>"$DTCTL_CALLS"
[ -z "${DTCTL_FAIL:-}" ]
EOF
chmod +x "$tmp/dtctl-stub"
# DATE EXPECTED [VARIABLE=VALUE]: EXPECTED is "report", "none" or "error".
run_job() {
  : >"$tmp/calls"
  if env DTR_SCHEDULE_DIR="$here/base/monthly-report" DTR_REPORT_OUT="$tmp/reports" \
      DTCTL="$tmp/dtctl-stub" DTCTL_CALLS="$tmp/calls" DTR_REPORT_TODAY="$1" \
      ${3:+"$3"} sh "$script" 2>"$tmp/job.err"; then
    if [ -s "$tmp/calls" ]; then got=report; else got=none; fi
  else
    got=error
  fi
  if [ "$got" = "$2" ]; then
    pass "monthly report on $1${3:+ ($3)}: $2"
  else
    cat "$tmp/job.err"
    fail "monthly report on $1${3:+ ($3)}: expected $2, got $got"
  fi
}
run_job 2024-01-01 none                 # Monday, New Year's Day
run_job 2024-01-02 report               # Tuesday: first working day
run_job 2024-01-03 none                 # the 2nd was
run_job 2024-06-01 none                 # Saturday
run_job 2024-06-03 report               # Monday after a weekend 1st and 2nd
run_job 2024-09-02 none                 # Monday, National Day
run_job 2025-05-01 none                 # Thursday, Labour Day
run_job 2025-05-02 report               # Friday
run_job 2024-01-15 report DTR_REPORT_ANY_DAY=1
run_job 2024-01-02 error DTCTL_FAIL=1
run_job 2024-13-45 error
run_job 2024-01-02 report
if grep -qx -- "report generate --unit HT --period previous-month --out $tmp/reports --timeout 600" \
    "$tmp/calls"; then
  pass "the job runs: dtctl report generate --unit HT --period previous-month --out DIR"
else
  cat "$tmp/calls"
  fail "the job did not call dtctl report generate as expected"
fi
if sh -n "$script"; then pass "monthly-report.sh parses as POSIX sh"; else fail "monthly-report.sh syntax"; fi

# --- summary ---------------------------------------------------------------
echo "check.sh: $passed passed, $failed failed, $skipped skipped"
if [ "$failed" -gt 0 ]; then exit 1; fi
if [ "$skipped" -gt 0 ]; then exit 77; fi
exit 0
