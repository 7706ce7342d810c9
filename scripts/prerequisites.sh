#!/usr/bin/env bash
# Installs what the project needs on a fresh machine: PostgreSQL (for the sandbox's real managed
# databases), kubectl (the sandbox's Kubernetes API is checked with it) and s3rver (an independent
# S3 implementation the S3 tests also run against), Debian's chromium (the web UI's browser
# tests drive it; nothing downloads a browser) and shellcheck (the template validator checks the
# startup scripts with it). Each is optional: its tests skip without it. terraform is not
# installed here (Debian does not ship it): the template tests that need it skip, saying so.
ensure_prerequisites() {
  local packages=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || packages+=(postgresql)
  command -v kubectl >/dev/null 2>&1 || packages+=(kubectl)
  command -v chromium >/dev/null 2>&1 || packages+=(chromium)
  command -v shellcheck >/dev/null 2>&1 || packages+=(shellcheck)
  if [ "${#packages[@]}" -gt 0 ]; then
    if [ "$(id -u)" = "0" ]; then
      apt-get update -qq || true
      local package
      for package in "${packages[@]}"; do
        # Debian ships kubectl in the package kubernetes-client.
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null 2>&1 \
          || { [ "$package" = kubectl ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubernetes-client >/dev/null 2>&1; } \
          || echo "warning: could not install $package; the tests that need it are skipped" >&2
      done
    else
      echo "warning: ${packages[*]} not installed; the tests that need them are skipped" >&2
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
