#!/bin/sh
# Installs the Debian 12 packages dtr builds, tests and runs with.
# Idempotent: prints nothing and changes nothing when every package is there.
set -eu

PACKAGES="
  cmake ninja-build g++ pkg-config make
  protobuf-compiler protobuf-compiler-grpc libprotobuf-dev
  libgrpc++-dev libabsl-dev
  libhiredis-dev prometheus-cpp-dev libsqlite3-dev
  libpq-dev postgresql
  nlohmann-json3-dev
  libmstch-dev libboost-dev
  libcmark-gfm-dev libcmark-gfm-extensions-dev libzip-dev libssl-dev
  libpango1.0-dev libcairo2-dev fonts-liberation2 poppler-utils
  libpodofo-dev libengine-pkcs11-openssl softhsm2 libnss3-tools
  libgtest-dev libgmock-dev
  libxlsxwriter-dev python3-openpyxl libcpp-httplib-dev
  redis-server clang-format python3-docx
  prometheus curl openssl wrk
  clang libclang-rt-14-dev
"
# kubectl, node and npm for deploy/k8s/check.sh: Debian's only when none is
# on PATH (a newer kubectl or nodejs from another source conflicts with
# them).
command -v kubectl >/dev/null 2>&1 || PACKAGES="$PACKAGES kubernetes-client"
command -v node >/dev/null 2>&1 || PACKAGES="$PACKAGES nodejs"
command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES npm"

missing=""
for pkg in $PACKAGES; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  case "$status" in
    "install ok installed") ;;
    *) missing="$missing $pkg" ;;
  esac
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
  elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-deps: missing packages:$missing; run as root or install sudo" >&2
    exit 1
  fi
  echo "install-deps: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# The Kubernetes checkers' npm packages, as validate/package-lock.json pins
# them (from the npm registry).
k8s_validate="$(dirname "$0")/../deploy/k8s/validate"
if [ ! -d "$k8s_validate/node_modules" ] && command -v npm >/dev/null 2>&1; then
  echo "install-deps: npm ci in deploy/k8s/validate"
  npm ci --prefix "$k8s_validate" --no-audit --no-fund --loglevel=error >/dev/null
fi

# The OpenAPI validator the HTTP tests run, as tests/openapi/package-lock.json
# pins it (from the npm registry).
openapi_validate="$(dirname "$0")/../tests/openapi"
if [ ! -d "$openapi_validate/node_modules" ] && command -v npm >/dev/null 2>&1; then
  echo "install-deps: npm ci in tests/openapi"
  npm ci --prefix "$openapi_validate" --no-audit --no-fund --loglevel=error >/dev/null
fi
