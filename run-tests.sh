#!/usr/bin/env bash
# Runs the whole test suite. Installs what the tests need on a fresh machine first.
# With CI=true the restore is locked to the committed packages.lock.json files: a package the
# registry no longer serves, or a reference changed without its lock file, fails here by name.
set -euo pipefail
cd "$(dirname "$0")"
source ./scripts/prerequisites.sh
ensure_prerequisites

results="$(mktemp -d)"
status=0
if ! dotnet restore Workflows.sln -nologo -v q >"$results/restore.txt" 2>&1; then
  echo "restore failed$([ "${CI:-}" = true ] && echo ' (locked mode: packages.lock.json must match the references)'):" >&2
  grep -E "error|warn" "$results/restore.txt" | sed 's/^ *//' | sort -u >&2
  exit 1
fi
if ! dotnet build Workflows.sln -c Release --no-restore -nologo -v q >"$results/build.txt" 2>&1; then
  grep -E ": (error|warning) " "$results/build.txt" | sed 's/^ *//' | sort -u >&2
  echo "build failed" >&2
  exit 1
fi
dotnet test Workflows.sln -c Release --no-build -nologo --logger "console;verbosity=normal" \
  --results-directory "$results" --blame-hang-timeout 10m "$@" 2>&1 | tee "$results/out.txt" || status=$?

# One plain closing line over all test projects ("N passed, N failed, N skipped"), summed from
# the "Passed: N" / "Failed: N" / "Skipped: N" lines dotnet test prints per project.
awk '/^ *Passed: *[0-9]+ *$/ { p += $2 } /^ *Failed: *[0-9]+ *$/ { f += $2 } /^ *Skipped: *[0-9]+ *$/ { s += $2 }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$results/out.txt"
exit $status
