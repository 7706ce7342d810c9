#!/usr/bin/env bash
# Installs what the project needs on a fresh machine: PostgreSQL 15 (for the sandbox's real
# managed databases) and s3rver (an independent S3 implementation the S3 tests also run against).
ensure_prerequisites() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ]; then
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
        || echo "warning: PostgreSQL could not be installed; sandbox databases will be API-only" >&2
    else
      echo "warning: PostgreSQL server binaries not found; sandbox databases will be API-only" >&2
    fi
  fi
  local tools_dir
  tools_dir="$(pwd)/.local/tools"
  if [ ! -x "$tools_dir/node_modules/.bin/s3rver" ] && command -v npm >/dev/null 2>&1; then
    mkdir -p "$tools_dir"
    (cd "$tools_dir" && npm install --silent --no-audit --no-fund s3rver@3 >/dev/null 2>&1) \
      || echo "warning: s3rver could not be installed; S3 tests run against the sandbox only" >&2
  fi
  export S3RVER_PATH="$tools_dir/node_modules/.bin/s3rver"
}
