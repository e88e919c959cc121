#!/bin/sh
# Offline checks of the Dockerfile (no container engine runs here): every
# COPY source exists in the build context, base images are pinned, the
# runtime stage installs no compiler or headers and runs as a non-root
# user, and .dockerignore keeps the build tree and history out.
set -eu
cd "$(dirname "$0")/../.."
dockerfile=deploy/docker/Dockerfile
failed=0
fail() {
  echo "Dockerfile: $*" >&2
  failed=1
}

# Instructions with their continuation lines joined, one per line.
joined=$(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$dockerfile" | grep -v '^[[:space:]]*#')

echo "$joined" | grep '^FROM ' | while read -r _ image _; do
  case "$image" in
    *:latest | *[!:]*:*:* ) echo "Dockerfile: FROM $image: pin a tag" >&2; exit 1 ;;
    *:*) ;;
    *) echo "Dockerfile: FROM $image: pin a tag" >&2; exit 1 ;;
  esac
done || failed=1

# COPY sources (not those from an earlier stage) must exist.
echo "$joined" | grep '^COPY ' | grep -v -- '--from=' | while read -r line; do
  set -- $line
  shift
  while [ $# -gt 1 ]; do
    if [ ! -e "$1" ]; then
      echo "Dockerfile: COPY source $1 does not exist" >&2
      exit 1
    fi
    shift
  done
done || failed=1

# The runtime stage: everything after the last FROM.
runtime=$(echo "$joined" | awk '/^FROM /{stage=""} {stage=stage $0 "\n"} END{printf "%s", stage}')
if echo "$runtime" | grep '^RUN ' |
    grep -Eq '(^|[[:space:]])(gcc|g\+\+|clang[^[:space:]]*|cmake|ninja-build|make|build-essential|[a-z0-9.+]+-dev)([[:space:]]|$)'; then
  fail "the runtime stage installs a compiler, build tool or -dev package"
fi
user=$(echo "$runtime" | awk '/^USER /{u=$2} END{print u}')
case "$user" in
  "" | root | 0 | 0:*) fail "the runtime stage must end with a non-root USER" ;;
esac

for ignored in .git build out; do
  grep -qx "$ignored" .dockerignore || fail ".dockerignore does not ignore $ignored"
done

[ "$failed" -eq 0 ] || exit 1
echo "Dockerfile: COPY sources exist, base images pinned, runtime stage without compilers, runs as $user"
