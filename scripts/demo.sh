#!/usr/bin/env bash
# Sets up (idempotent), builds, runs the bundled default job (jobs/smoke.yaml, SmolLM2-135M-Instruct)
# and reduces it. Prints where the report is.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
job="${1:-jobs/smoke.yaml}"
scripts/setup.sh
swift build -c release --product nucleus
results="$(.build/release/nucleus run "$job" 2>&1 | tee /dev/stderr | sed -n 's/^next: nucleus reduce //p' | tail -n 1)"
[ -n "$results" ] || { echo "demo: the run did not finish (see above)" >&2; exit 1; }
.build/release/nucleus reduce "$results"
echo
echo "report: $results/report/summary.md"
