#!/bin/sh
# Offline checks of the Prometheus files: the scrape configuration and the
# rules are valid, and every alert fires (and only fires) as its unit tests
# say. Exits 77 (skipped) when promtool is missing and cannot be installed.
set -eu
cd "$(dirname "$0")"
if ! command -v promtool >/dev/null 2>&1; then
  echo "promtool not found (Debian package prometheus; make deps installs it)"
  exit 77
fi
promtool check config prometheus.yml
promtool check rules rules/*.yml
promtool test rules tests/*.yml
