#!/usr/bin/env bash
# Recorded evaluations per second on the embedded SQLite ledger and on PostgreSQL, each against unrecorded evaluations
# measured in the same run (BENCHMARKS.md, "Ledger"). Starts and stops everything it uses: a private PostgreSQL
# (.ci/postgres.sh) and the service (Release build) on loopback ports 5090/5091; durability settings are the
# defaults (SQLite WAL + synchronous=FULL; PostgreSQL fsync and synchronous_commit on).
#   bash tests/Appraisal.LoadDriver/ledger-bench.sh [driver arguments, e.g. --duration 10 --concurrency 1,16,64]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
work=$(mktemp -d /var/tmp/ledger-bench.XXXXXX)
pg_port=55432
service_pid=""

cleanup() {
  if [ -n "$service_pid" ]; then kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; fi
  bash .ci/postgres.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build -c Release src/Appraisal.Service -v q -nologo >/dev/null
dotnet build -c Release tests/Appraisal.LoadDriver -v q -nologo >/dev/null

bash .ci/postgres.sh start "$work/pg" "$pg_port"
bindir=$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)
"$bindir/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE ledger_bench" >/dev/null

run() { # name port settings...
  local name=$1 port=$2; shift 2
  dotnet src/Appraisal.Service/bin/Release/net10.0/Appraisal.Service.dll --Service:Port="$port" --Service:RestPort=0 \
    --Policies:Directory="$root/policies" --Logging:LogLevel:Default=Warning "$@" &
  service_pid=$!
  for _ in $(seq 1 100); do
    if (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; then break; fi
    sleep 0.2
  done
  echo "## $name"
  dotnet tests/Appraisal.LoadDriver/bin/Release/net10.0/Appraisal.LoadDriver.dll --mode ledger \
    --address "http://127.0.0.1:$port" --server-pid "$service_pid" "${driver_args[@]}"
  kill "$service_pid"; wait "$service_pid" 2>/dev/null || true; service_pid=""
}

driver_args=("$@")
run "SQLite (WAL, synchronous=FULL)" 5090 --Ledger:Provider=sqlite --Ledger:DataDirectory="$work/sqlite"
run "PostgreSQL 15 (fsync, synchronous_commit on)" 5091 --Ledger:Provider=postgres \
  --Ledger:ConnectionString="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=ledger_bench"
