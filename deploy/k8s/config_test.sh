#!/bin/sh
# The configuration the Kubernetes manifests ship, checked without kubectl
# or node (ctest runs it in every `make test`):
#   - the indicator definitions, the controls catalogue, the allowance
#     rules and the report templates
#     are ConfigMaps generated where they live (a kustomization.yaml beside
#     them, a base of deploy/k8s/base): each such directory's generator
#     lists exactly its files, and base/ takes each directory as a base;
#   - base/config holds no copy of them that could drift;
#   - base/config/units.csv is the unit tree `dtctl sample write` writes;
#   - base/config/policy.json loads as the services load it, its writers'
#     units are in that tree, and the callers inside the cluster (the
#     report service, the monthly report job) are in it.
#
# Usage: sh deploy/k8s/config_test.sh
# Environment: DTCTL, the dtctl built from this tree (default
# build/bin/dtctl). Exit status: 0 every check passed, 1 one failed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dtctl=${DTCTL:-$root/build/bin/dtctl}
base="$here/base"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

failed=0
pass() { echo "ok    $1"; }
fail() {
  failed=1
  echo "FAIL  $1"
}

# The files a kustomization.yaml's configMapGenerator lists, one a line.
listed_files() {
  awk '/^  files:/ { in_files = 1; next }
       in_files && /^  - / { sub(/^  - /, ""); print; next }
       { in_files = 0 }' "$1" | sort
}

for dir in services/stats/data services/security/data services/workforce/data \
    services/report/templates; do
  kustomization="$root/$dir/kustomization.yaml"
  if [ ! -f "$kustomization" ]; then
    fail "$dir has no kustomization.yaml generating its ConfigMap"
    continue
  fi
  listed_files "$kustomization" >"$tmp/listed"
  (cd "$root/$dir" && find . -maxdepth 1 -type f ! -name kustomization.yaml |
    sed 's|^\./||' | sort) >"$tmp/present"
  if cmp -s "$tmp/listed" "$tmp/present"; then
    pass "$dir/kustomization.yaml lists every file of $dir ($(wc -l <"$tmp/present"))"
  else
    fail "$dir/kustomization.yaml and the files of $dir differ (< listed, > present):"
    diff "$tmp/listed" "$tmp/present" | sed -n 's/^\([<>]\)/  \1/p'
  fi
  if grep -qx -- "- ../../../$dir" "$base/kustomization.yaml"; then
    pass "deploy/k8s/base takes $dir as a base"
  else
    fail "deploy/k8s/base/kustomization.yaml does not list ../../../$dir"
  fi
  # A copy in base/config would be a second source.
  while read -r name; do
    if [ -e "$base/config/$name" ]; then
      fail "deploy/k8s/base/config/$name copies $dir/$name: remove it"
    fi
  done <"$tmp/present"
done
if [ -e "$base/config/templates" ]; then
  fail "deploy/k8s/base/config/templates copies services/report/templates: remove it"
fi

if "$dtctl" sample write --out "$tmp/sample" >/dev/null; then
  if cmp -s "$base/config/units.csv" "$tmp/sample/units.csv"; then
    pass "deploy/k8s/base/config/units.csv = the units.csv of dtctl sample write"
  else
    fail "deploy/k8s/base/config/units.csv differs from dtctl sample write's: copy it again"
  fi
else
  fail "dtctl sample write failed ($dtctl)"
fi

if "$dtctl" policy check "$base/config/policy.json" \
    --units "$base/config/units.csv" >"$tmp/policy.out" 2>&1; then
  missing=""
  for caller in report-service dtr-report-scheduler; do
    grep -q "^$caller: " "$tmp/policy.out" || missing="$missing $caller"
  done
  if [ -z "$missing" ]; then
    pass "base/config/policy.json loads, its units are in the tree, the report service and job are in it"
  else
    fail "base/config/policy.json lacks the in-cluster callers:$missing"
  fi
else
  fail "base/config/policy.json: $(cat "$tmp/policy.out")"
fi

exit $failed
