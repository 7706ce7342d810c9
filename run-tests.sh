#!/usr/bin/env bash
# Runs the whole test suite. Installs what the tests need on a fresh machine first.
set -euo pipefail
cd "$(dirname "$0")"
source ./scripts/prerequisites.sh
ensure_prerequisites

results="$(mktemp -d)"
status=0
dotnet build Workflows.sln -c Release -nologo -v q 2>&1 | tail -n 3
dotnet test Workflows.sln -c Release --no-build -nologo --logger "console;verbosity=normal" \
  --results-directory "$results" --blame-hang-timeout 10m "$@" 2>&1 | tee "$results/out.txt" || status=$?

# One plain closing line over all test projects ("N passed, N failed, N skipped"), summed from
# the "Passed: N" / "Failed: N" / "Skipped: N" lines dotnet test prints per project.
awk '/^ *Passed: *[0-9]+ *$/ { p += $2 } /^ *Failed: *[0-9]+ *$/ { f += $2 } /^ *Skipped: *[0-9]+ *$/ { s += $2 }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$results/out.txt"
exit $status
