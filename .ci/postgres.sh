#!/usr/bin/env bash
# A private PostgreSQL instance for tests.
#   .ci/postgres.sh start <dir> <port>   initdb into <dir> (if empty) and start on 127.0.0.1:<port>, socket in <dir>
#   .ci/postgres.sh stop <dir>           stop the instance in <dir>
# Trust authentication for user postgres; creates no database (the tests create their own).
# The binaries come from `pg_config --bindir`; the Debian package postgresql-15 is installed only when they are missing.
set -euo pipefail

usage() { echo "usage: $0 start <dir> <port> | stop <dir>" >&2; exit 2; }

find_bindir() {
  local dir=""
  if command -v pg_config >/dev/null 2>&1; then dir=$(pg_config --bindir); fi
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    for candidate in /usr/lib/postgresql/*/bin; do
      if [ -x "$candidate/initdb" ]; then dir=$candidate; fi
    done
  fi
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    echo "postgres.sh: PostgreSQL server binaries not found; installing postgresql-15" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >&2
    dir=/usr/lib/postgresql/15/bin
  fi
  echo "$dir"
}

# As root, PostgreSQL refuses to run: run its tools as the postgres user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    if command -v runuser >/dev/null 2>&1; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
  else
    "$@"
  fi
}

cmd=${1:-}
case "$cmd" in
  start)
    [ $# -eq 3 ] || usage
    dir=$2 port=$3
    # Test assemblies start their private instances at the same time: one start at a time, so that installing the
    # binaries, creating the postgres user and initdb never race (apt's lock, useradd).
    if command -v flock >/dev/null 2>&1; then
      exec 9>"${TMPDIR:-/tmp}/appraisal-postgres-start.lock"
      flock 9
    fi
    bindir=$(find_bindir)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ "$(id -u)" -eq 0 ]; then
      id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
      chown postgres "$dir"
      # The postgres user must be able to reach the directory.
      d=$(dirname "$dir"); while [ "$d" != "/" ]; do chmod o+x "$d" 2>/dev/null || true; d=$(dirname "$d"); done
    fi
    if [ ! -f "$dir/PG_VERSION" ]; then
      as_owner "$bindir/initdb" -D "$dir" -U postgres -A trust --no-instructions >/dev/null
    fi
    # The server must not inherit the start lock (fd 9): it would hold it for as long as it runs.
    as_owner "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $dir" -w start >/dev/null 9>&-
    echo "postgres.sh: started on 127.0.0.1:$port (data $dir)" >&2
    ;;
  stop)
    [ $# -eq 2 ] || usage
    dir=$2
    bindir=$(find_bindir)
    if [ -f "$dir/postmaster.pid" ]; then
      as_owner "$bindir/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
    fi
    ;;
  *) usage ;;
esac
