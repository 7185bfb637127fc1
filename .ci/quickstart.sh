#!/usr/bin/env bash
# The README's quick start as a newcomer pastes it: takes the shell blocks of README.md marked `sh quickstart-service`
# (the one line that starts the service) and `sh quickstart` (the lines to paste in another terminal, each optionally
# followed by `# expect: TEXT` lines: fixed text its output must contain), builds the service under the build lock,
# starts the service line in the background (with --no-build; on free loopback ports put in place of 5080 and 5081, and
# a ledger of its own, so nothing in the clone is written), waits for /readyz, runs each line with `bash -e`, checks its
# output, and always stops the service. Ends with one line "quickstart: passed (N s)" or "quickstart: failed: …";
# exit code 0 or 1.
set -uo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
build_lock=${APPRAISAL_BUILD_LOCK:-/tmp/appraisal-build.lock}
ready_timeout=${QUICKSTART_TIMEOUT:-90}
readme=${QUICKSTART_README:-README.md} # another file only to test the script itself
work=$(mktemp -d)
service_pid=""

stop_service() {
  [ -n "$service_pid" ] || return 0
  # The service line runs in a session of its own (setsid): its process group is dotnet run and the service it started.
  kill -TERM -- "-$service_pid" 2>/dev/null
  for _ in $(seq 1 100); do
    kill -0 -- "-$service_pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 -- "-$service_pid" 2>/dev/null; then
    echo "quickstart: the service did not stop within 10 s of SIGTERM: killing it" >&2
    kill -KILL -- "-$service_pid" 2>/dev/null
  fi
  wait "$service_pid" 2>/dev/null
  service_pid=""
}
trap 'stop_service; rm -rf "$work"' EXIT

fail() {
  echo "quickstart: failed: $1 ($(($(date +%s) - started)) s)"
  if [ -s "$work/service.log" ]; then
    echo "# the service's last output:"
    tail -n 30 "$work/service.log" | sed 's/^/#   /'
  fi
  exit 1
}

# The lines of the README's fenced blocks whose info string is exactly "sh TAG".
blocks() {
  awk -v open="\`\`\`sh $1" '
    inside && /^```/ { inside = 0; next }
    !inside && $0 == open { inside = 1; next }
    inside { print }' "$readme"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
    echo $((20000 + RANDOM % 20000))
}

command -v curl >/dev/null 2>&1 ||
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends curl; } >"$work/apt.log" 2>&1 ||
  fail "curl is missing and could not be installed"

mapfile -t service_lines < <(blocks quickstart-service | grep -Ev '^[[:space:]]*(#|$)')
[ "${#service_lines[@]}" -eq 1 ] || fail "expected one command in the README's \`sh quickstart-service\` block, found ${#service_lines[@]}"
service_line=${service_lines[0]}
[[ "$service_line" == "dotnet run "* ]] || fail "the quickstart-service line does not start with 'dotnet run': $service_line"

grpc_port=$(free_port)
rest_port=$(free_port)
while [ "$rest_port" = "$grpc_port" ]; do rest_port=$(free_port); done
# The README's addresses, on the ports of this run.
ported() { sed "s/127\.0\.0\.1:5081/127.0.0.1:$rest_port/g; s/127\.0\.0\.1:5080/127.0.0.1:$grpc_port/g"; }

# The commands to paste: a line ending in a backslash goes on; "# expect: TEXT" belongs to the command before it.
commands=()
expects=()
current=""
while IFS= read -r line; do
  if [[ "$line" =~ ^[[:space:]]*#[[:space:]]*expect:[[:space:]]?(.*)$ ]]; then
    [ "${#commands[@]}" -gt 0 ] || fail "an '# expect:' line before any command in the quickstart block"
    expects[${#commands[@]}-1]+="${BASH_REMATCH[1]}"$'\n'
    continue
  fi
  if [ -z "$current" ] && [[ "$line" =~ ^[[:space:]]*(#.*)?$ ]]; then continue; fi
  current+="$line"$'\n'
  if [[ "$line" != *\\ ]]; then
    commands+=("$current")
    expects+=("")
    current=""
  fi
done < <(blocks quickstart | ported)
[ -z "$current" ] || fail "the quickstart block ends inside a command (a trailing backslash)"
[ "${#commands[@]}" -gt 0 ] || fail "no \`sh quickstart\` block in $readme"

# The build `dotnet run` would do, one build at a time on this machine (bounded wait for the lock).
flock -w 900 "$build_lock" dotnet build src/Appraisal.Service --nologo -v q >"$work/build.log" 2>&1 ||
  { tail -n 30 "$work/build.log"; fail "dotnet build src/Appraisal.Service"; }

echo "# starting: $service_line (gRPC on 127.0.0.1:$grpc_port, REST on 127.0.0.1:$rest_port)"
Service__Port=$grpc_port Service__RestPort=$rest_port Ledger__DataDirectory="$work/data" \
  setsid bash -c "${service_line/dotnet run /dotnet run --no-build }" >"$work/service.log" 2>&1 </dev/null &
service_pid=$!

until curl -sf "http://127.0.0.1:$rest_port/readyz" >/dev/null 2>&1; do
  kill -0 "$service_pid" 2>/dev/null || { wait "$service_pid"; fail "the service exited with $? before it was ready"; }
  [ $(($(date +%s) - started)) -lt "$ready_timeout" ] || fail "the service was not ready within $ready_timeout s"
  sleep 0.2
done
grep -q "what to do next" "$work/service.log" || fail "the service did not print what to do next"

for i in "${!commands[@]}"; do
  command=${commands[$i]}
  shown=$(head -n 1 <<<"$command" | cut -c1-100)
  output=$(timeout 30 bash -e -c "$command" 2>&1)
  status=$?
  [ "$status" -eq 0 ] || { printf '%s\n' "$output" | tail -n 20; fail "exit code $status from: $shown"; }
  while IFS= read -r expected; do
    [ -n "$expected" ] || continue
    grep -qF -- "$expected" <<<"$output" || { printf '%s\n' "$output" | head -c 2000; echo; fail "expected '$expected' from: $shown"; }
  done <<<"${expects[$i]}"
  echo "ok $((i + 1)) - $shown"
done

stop_service
echo "quickstart: passed ($(($(date +%s) - started)) s)"
