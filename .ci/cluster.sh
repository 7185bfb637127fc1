#!/usr/bin/env bash
# Two or more instances of the service behind nginx on one PostgreSQL ledger, one instance killed with SIGKILL in the
# middle of a load of recorded evaluations (README: "Several instances behind nginx").
#
#   .ci/cluster.sh [OUT_DIR]      (default .ci/out/cluster: logs, nginx's config and access log, the client's TAP)
#
# Installs Debian's nginx with apt when it is missing (as .ci/postgres.sh installs PostgreSQL). Uses the PostgreSQL in
# LEDGER_POSTGRES (an Npgsql connection string whose user may create databases; .ci/run sets it) in a database of its
# own, dropped at the end, or else starts a private one with .ci/postgres.sh. Publishes the service and the load client
# (tests/Appraisal.ClusterClient) once, under the build lock, starts CLUSTER_INSTANCES (default 2) instances on free
# loopback ports, serving from the ledger's registry (Policies:Source=registry), and nginx in front of them
# (deploy/cluster/nginx.conf.template), and runs the client: it publishes the after-sales policy through instance 1
# and then a new version, each of which every instance and nginx must serve, then loads the cluster through nginx;
# when the client has had KILL_AFTER calls acknowledged it asks for the kill, the script kills instance 1 with SIGKILL,
# and the client goes on, then checks the ledger. Prints TAP lines and "# pass N" / "# fail N"; exit 0 when all passed.
# Everything listens on 127.0.0.1 only; every wait has a timeout: the build waits at most 900 s for the build lock and
# takes at most 400 s, and from then on the whole run is bounded by CLUSTER_TIMEOUT seconds (default 150); nginx, the
# instances, the client and a PostgreSQL it started are always stopped, and its database dropped.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

instances=${CLUSTER_INSTANCES:-2}
kill_after=${KILL_AFTER:-200}
after_kill=${AFTER_KILL:-300}
concurrency=${CLUSTER_CONCURRENCY:-8}
limit=${CLUSTER_TIMEOUT:-150}
build_lock=${APPRAISAL_BUILD_LOCK:-/tmp/appraisal-build.lock}
[[ "$instances" =~ ^[0-9]+$ ]] && [ "$instances" -ge 2 ] && [ "$instances" -le 8 ] || { echo "CLUSTER_INSTANCES must be 2..8" >&2; exit 2; }

out=${1:-$root/.ci/out/cluster}
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
run=$(mktemp -d "${TMPDIR:-/tmp}/appraisal-cluster.XXXXXX")
chmod 755 "$run" # nginx's workers (nobody, when started as root) reach their temp directories through it
begin=$SECONDS

# ---- TAP ------------------------------------------------------------------------------------------------------------
tests=0 passed=0 failed=0 waited=0
ok() { tests=$((tests + 1)); passed=$((passed + 1)); echo "ok $tests - $*"; }
not_ok() { tests=$((tests + 1)); failed=$((failed + 1)); echo "not ok $tests - $*"; }
check() { local description=$1; shift; if "$@"; then ok "$description"; else not_ok "$description"; fi; }
note() { echo "# $*"; }
finish() {
  echo "# pass $passed"
  echo "# fail $failed"
  note "cluster test took $((SECONDS - begin)) s, $waited s of them waiting for the build lock"
}

# ---- cleanup: always, whatever stopped the run -------------------------------------------------------------------------
declare -a instance_pids=() grpc_ports=() rest_ports=()
nginx_pid="" client_pid="" watchdog_pid="" publish_pid="" pg_started="" pg_dir="$run/pg" admin_cs="" database="" psql=""

stop_pid() { # pid seconds: TERM, then KILL after the grace
  local pid=$1 grace=$2 i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < grace * 10; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  [ -z "$watchdog_pid" ] || kill -TERM -- "-$watchdog_pid" 2>/dev/null || true
  if [ -n "$publish_pid" ]; then kill -TERM -- "-$publish_pid" 2>/dev/null || true; wait "$publish_pid" 2>/dev/null || true; fi
  stop_pid "$client_pid" 2
  stop_pid "$nginx_pid" 5
  local pid
  for pid in "${instance_pids[@]}"; do [ -z "$pid" ] || kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${instance_pids[@]}"; do stop_pid "$pid" 10; done
  if [ -n "$database" ] && [ -n "$psql" ]; then
    psql_admin -c "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" >/dev/null 2>&1 || echo "cluster.sh: could not drop database $database" >&2
  fi
  if [ -n "$pg_started" ]; then .ci/postgres.sh stop "$pg_dir" || echo "cluster.sh: could not stop PostgreSQL in $pg_dir" >&2; fi
  cp "$run"/nginx-*.log "$out"/ 2>/dev/null || true
  rm -rf "$run"
  exit "$status"
}
trap cleanup EXIT
stopped() { echo "cluster.sh: stopped" >&2; not_ok "the cluster test ran to its end within its time"; finish; exit 130; }
trap stopped INT TERM


free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
    echo $((20000 + RANDOM % 20000))
}

wait_for() { # seconds description command…: poll every 0.2 s; the command's status 2 means "never": stop waiting
  local seconds=$1 description=$2; shift 2
  local end=$((SECONDS + seconds)) status
  while [ "$SECONDS" -lt "$end" ]; do
    status=0; "$@" || status=$?
    [ "$status" -ne 0 ] || return 0
    [ "$status" -ne 2 ] || { echo "cluster.sh: $description: gave up (the process is gone)" >&2; return 1; }
    sleep 0.2
  done
  echo "cluster.sh: $description: not within $seconds s" >&2
  return 1
}

# ---- nginx (and curl, psql): Debian's packages, installed when missing -------------------------------------------------
find_nginx() { command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; }; }
find_psql() {
  if command -v psql >/dev/null 2>&1; then command -v psql; return; fi
  local dir; dir=$(pg_config --bindir 2>/dev/null || true)
  if [ -n "$dir" ] && [ -x "$dir/psql" ]; then echo "$dir/psql"; return; fi
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/psql" ] && { echo "$dir/psql"; return; }; done
}
missing=()
[ -n "$(find_nginx)" ] || missing+=(nginx)
command -v curl >/dev/null 2>&1 || missing+=(curl)
# psql for the cluster's database; a private PostgreSQL brings its own (.ci/postgres.sh installs the server).
[ -z "${LEDGER_POSTGRES:-}" ] || [ -n "$(find_psql)" ] || missing+=(postgresql-client-15)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "cluster.sh: installing ${missing[*]} (Debian)" >&2
  # Debian's nginx starts a server on port 80 of every address unless services are kept from starting: keep them from
  # starting while it installs (only when nothing says otherwise already).
  policy_rc=/usr/sbin/policy-rc.d
  made_policy=""
  if [ ! -e "$policy_rc" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy_rc"; chmod 755 "$policy_rc"; made_policy=1; fi
  install_status=0
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$out/apt.log" 2>&1 || install_status=$?
  [ -z "$made_policy" ] || rm -f "$policy_rc"
  if [ "$install_status" -ne 0 ]; then cat "$out/apt.log" >&2; not_ok "${missing[*]} installed"; finish; exit 1; fi
fi
nginx_bin=$(find_nginx)
note "$("$nginx_bin" -v 2>&1)"

# ---- publish the service and the client once, one build at a time on this machine -------------------------------------
note "publishing the service and the load client (Release) under $build_lock"
# In a session of its own (so that a stop ends the whole build), in the background (so that a signal is not held up
# until it ends); waiting for the lock is bounded, and so is the build.
publish_status=0
asked=$SECONDS
setsid flock -w 900 "$build_lock" timeout 400 bash -c '
  date +%s >"$1/lock-taken"
  dotnet publish src/Appraisal.Service/Appraisal.Service.csproj -c Release -o "$1/service" --nologo -v q &&
  dotnet publish tests/Appraisal.ClusterClient/Appraisal.ClusterClient.csproj -c Release -o "$1/client" --nologo -v q
' publish "$run" >"$out/publish.log" 2>&1 </dev/null &
publish_pid=$!
wait "$publish_pid" || publish_status=$?
publish_pid=""
if [ ! -f "$run/lock-taken" ]; then
  waited=$((SECONDS - asked))
  echo "cluster.sh: the build lock $build_lock was not free within $waited s" >&2
fi
if [ "$publish_status" -ne 0 ] || [ ! -f "$run/service/Appraisal.Service.dll" ] || [ ! -f "$run/client/Appraisal.ClusterClient.dll" ]; then
  tail -n 40 "$out/publish.log" >&2
  not_ok "the service and the client are published"
  finish
  exit 1
fi
waited=$(( $(cat "$run/lock-taken") - $(date +%s) + SECONDS - asked ))
note "published in $((SECONDS - asked - waited)) s, after waiting $waited s for the build lock"

# From here on the run is bounded as a whole: past the limit the script stops itself (and cleans up).
setsid bash -c 'sleep "$1"; echo "cluster.sh: still running after $1 s: stopping" >&2; kill -TERM "$2"' watchdog "$limit" $$ </dev/null &
watchdog_pid=$!

# ---- PostgreSQL: the one in LEDGER_POSTGRES, or a private one --------------------------------------------------------
# The parts of an Npgsql connection string psql needs (keys case-insensitive, with their usual aliases).
cs_get() { # connection-string key-regex
  local part key value
  IFS=';' read -ra parts <<<"$1"
  for part in "${parts[@]}"; do
    key=$(echo "${part%%=*}" | tr -d ' ' | tr '[:upper:]' '[:lower:]')
    value=${part#*=}
    if [[ "$key" =~ ^($2)$ ]]; then echo "$value"; return; fi
  done
}
cs_without_database() {
  local part key kept=""
  IFS=';' read -ra parts <<<"$1"
  for part in "${parts[@]}"; do
    [ -n "$part" ] || continue
    key=$(echo "${part%%=*}" | tr -d ' ' | tr '[:upper:]' '[:lower:]')
    [[ "$key" =~ ^(database|db)$ ]] || kept+="$part;"
  done
  echo "$kept"
}
psql_admin() {
  PGPASSWORD=$(cs_get "$admin_cs" 'password|pwd') "$psql" -X -q -v ON_ERROR_STOP=1 \
    -h "${pg_host:-localhost}" -p "${pg_admin_port:-5432}" -U "${pg_user:-postgres}" \
    -d "$(cs_get "$admin_cs" 'database|db')" "$@"
}

if [ -n "${LEDGER_POSTGRES:-}" ]; then
  admin_cs=$LEDGER_POSTGRES
  note "PostgreSQL: the server in LEDGER_POSTGRES, in a database of its own"
else
  pg_port=$(free_port)
  pg_started=1
  .ci/postgres.sh start "$pg_dir" "$pg_port" >"$out/postgres.log" 2>&1 || { cat "$out/postgres.log" >&2; not_ok "PostgreSQL starts"; finish; exit 1; }
  admin_cs="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
  note "PostgreSQL: a private instance on 127.0.0.1:$pg_port"
fi
[ -n "$(cs_get "$admin_cs" 'database|db')" ] || admin_cs="$admin_cs;Database=postgres"
pg_host=$(cs_get "$admin_cs" 'host|server') pg_admin_port=$(cs_get "$admin_cs" 'port') pg_user=$(cs_get "$admin_cs" 'username|userid|user')
psql=$(find_psql)
[ -n "$psql" ] || { not_ok "psql found"; finish; exit 1; }
database="appraisal_cluster_$(date +%s)_$$"
psql_admin -c "CREATE DATABASE \"$database\"" >"$out/postgres-create.log" 2>&1 || {
  cat "$out/postgres-create.log" >&2; database=""; not_ok "the cluster's database is created"; finish; exit 1; }
ledger_cs="$(cs_without_database "$admin_cs")Database=$database"

# ---- the instances: the same ledger, and the policies published in its registry; each on its own loopback ports -------
for ((i = 0; i < instances; i++)); do
  grpc_ports[i]=$(free_port)
  rest_ports[i]=$(free_port)
done
nginx_grpc_port=$(free_port)
nginx_rest_port=$(free_port)
all_ports="${grpc_ports[*]} ${rest_ports[*]} $nginx_grpc_port $nginx_rest_port"
if [ "$(tr ' ' '\n' <<<"$all_ports" | sort -u | wc -l)" -ne $((2 * instances + 2)) ]; then
  echo "cluster.sh: two free ports came out the same; run again" >&2; not_ok "free loopback ports"; finish; exit 1
fi

for ((i = 0; i < instances; i++)); do
  # The connection string goes by the environment (it may hold a password), not the command line.
  Ledger__Provider=postgres Ledger__ConnectionString="$ledger_cs" \
    dotnet "$run/service/Appraisal.Service.dll" \
      --Service:Address 127.0.0.1 --Service:Port "${grpc_ports[i]}" --Service:RestPort "${rest_ports[i]}" \
      --Service:ShutdownTimeoutSeconds 5 --Policies:Source registry \
      --Logging:LogLevel:Default Warning \
      >"$out/instance-$((i + 1)).log" 2>&1 </dev/null &
  instance_pids[i]=$!
done

instance_ready() { # index: alive and its REST face answers (the ledger opens before the service listens)
  kill -0 "${instance_pids[$1]}" 2>/dev/null || return 2
  curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:${rest_ports[$1]}/v1/policies"
}
all_ready=1
for ((i = 0; i < instances; i++)); do
  if ! wait_for 60 "instance $((i + 1)) ready" instance_ready "$i"; then
    all_ready=""
    echo "cluster.sh: instance $((i + 1)) log:" >&2; tail -n 20 "$out/instance-$((i + 1)).log" >&2
  fi
done
check "$instances instances start on one PostgreSQL ledger (migrating it together) and answer" [ -n "$all_ready" ]
[ -n "$all_ready" ] || { finish; exit 1; }
note "instances ready after $((SECONDS - begin)) s"

# ---- nginx in front ---------------------------------------------------------------------------------------------------
grpc_servers="" rest_servers=""
for ((i = 0; i < instances; i++)); do
  grpc_servers+="        server 127.0.0.1:${grpc_ports[i]} max_fails=1 fail_timeout=10s;"$'\n'
  rest_servers+="        server 127.0.0.1:${rest_ports[i]} max_fails=1 fail_timeout=10s;"$'\n'
done
user_line=""
[ "$(id -u)" -ne 0 ] || user_line="user nobody nogroup;"
mkdir -p "$run/nginx-temp"
config=$(<deploy/cluster/nginx.conf.template)
config=${config//@RUN@/$run}
config=${config//@USER@/$user_line}
config=${config//@GRPC_LISTEN@/127.0.0.1:$nginx_grpc_port}
config=${config//@REST_LISTEN@/127.0.0.1:$nginx_rest_port}
config=${config//@GRPC_SERVERS@/${grpc_servers%$'\n'}}
config=${config//@REST_SERVERS@/${rest_servers%$'\n'}}
printf '%s\n' "$config" >"$run/nginx.conf"
cp "$run/nginx.conf" "$out/nginx.conf"

nginx_args=(-p "$run" -c "$run/nginx.conf" -e "$run/nginx-error.log")
if "$nginx_bin" "${nginx_args[@]}" -t >"$out/nginx-test.log" 2>&1; then
  ok "nginx accepts the configuration (deploy/cluster/nginx.conf.template)"
else
  cat "$out/nginx-test.log" >&2; not_ok "nginx accepts the configuration (deploy/cluster/nginx.conf.template)"; finish; exit 1
fi
"$nginx_bin" "${nginx_args[@]}" >"$out/nginx.log" 2>&1 </dev/null &
nginx_pid=$!
nginx_ready() { kill -0 "$nginx_pid" 2>/dev/null || return 2; curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$nginx_rest_port/v1/policies"; }
check "nginx listens on 127.0.0.1 and passes REST calls on" wait_for 20 "nginx ready" nginx_ready
kill -0 "$nginx_pid" 2>/dev/null || { cat "$run/nginx-error.log" >&2; finish; exit 1; }

# ---- the load, and the kill in its middle ------------------------------------------------------------------------------
instance_urls=""
for ((i = 0; i < instances; i++)); do instance_urls+="${instance_urls:+,}http://127.0.0.1:${grpc_ports[i]}"; done
victim=0
# A publication through one instance is served by all: the client publishes this policy through instance 1, then a
# new version of it, and asks every instance and nginx for each (tests/Appraisal.ClusterClient/Publishing.cs).
registry_policy="after-sales/售后客服考核"
timeout 100 dotnet "$run/client/Appraisal.ClusterClient.dll" \
  --address "http://127.0.0.1:$nginx_grpc_port" --rest "http://127.0.0.1:$nginx_rest_port" \
  --instances "$instance_urls" --victim "$victim" --kill-marker "$run/kill-now" --killed-marker "$run/killed" \
  --kill-after "$kill_after" --after-kill "$after_kill" --concurrency "$concurrency" --kill-wait 30 \
  --postgres "$ledger_cs" --registry-policy "policies/$registry_policy.policy" >"$out/client.tap" 2>"$out/client.err" </dev/null &
client_pid=$!

victim_status=""
client_alive() { kill -0 "$client_pid" 2>/dev/null; }
kill_asked() { [ -f "$run/kill-now" ] || ! client_alive; }
if wait_for 60 "the client asks for the kill" kill_asked && [ -f "$run/kill-now" ]; then
  kill -KILL "${instance_pids[victim]}"
  set +e; { wait "${instance_pids[victim]}"; } 2>/dev/null; victim_status=$?; set -e
  instance_pids[victim]="" # reaped: its pid may be another process's by now
  touch "$run/killed"
  note "killed instance $((victim + 1)) with SIGKILL after $((SECONDS - begin)) s"
fi
client_done() { ! client_alive; }
wait_for 100 "the client finishes" client_done || stop_pid "$client_pid" 2
set +e; wait "$client_pid"; client_status=$?; set -e
client_pid=""

# The client's TAP lines, numbered on from the script's; its totals are added to the script's.
client_passed="" client_failed="" client_lines=0
while IFS= read -r line; do
  case "$line" in
    "ok "*) client_lines=$((client_lines + 1)); ok "${line#* - }" ;;
    "not ok "*) client_lines=$((client_lines + 1)); not_ok "${line#* - }" ;;
    "# pass "*) client_passed=${line#\# pass } ;;
    "# fail "*) client_failed=${line#\# fail } ;;
    *) echo "$line" ;;
  esac
done <"$out/client.tap"
if [ -s "$out/client.err" ]; then sed 's/^/# client: /' "$out/client.err" | head -n 20; fi
client_finished() { # it printed its totals, they agree with its lines, and it was neither stopped nor refused its arguments
  [ -n "$client_passed" ] && [ -n "$client_failed" ] && [ $((client_passed + client_failed)) -eq "$client_lines" ] &&
    [ "$client_status" -ne 124 ] && [ "$client_status" -ne 2 ] && { [ "$client_status" -eq 0 ] || [ "$client_failed" -gt 0 ]; }
}
check "the load client ran to its end (exit $client_status, $client_lines checks, its totals printed)" client_finished
check "instance $((victim + 1)) died of the SIGKILL in the middle of the load (exit status ${victim_status:-none})" [ "${victim_status:-0}" -eq 137 ]
others_running() {
  local i
  for ((i = 0; i < instances; i++)); do
    [ "$i" -eq "$victim" ] || kill -0 "${instance_pids[i]}" 2>/dev/null || return 1
  done
  kill -0 "$nginx_pid" 2>/dev/null
}
check "the other instances and nginx are still running" others_running

finish
[ "$failed" -eq 0 ]
