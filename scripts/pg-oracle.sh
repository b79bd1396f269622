#!/usr/bin/env bash
# Throwaway PostgreSQL 15 cluster used as the oracle for differential tests.
#
#   scripts/pg-oracle.sh start DIR PORT     create (first time) and start a cluster in DIR
#   scripts/pg-oracle.sh stop DIR           clean shutdown; no-op when not running
#   scripts/pg-oracle.sh psql DIR PORT ...  psql into it as postgres (extra args passed on)
#   scripts/pg-oracle.sh conninfo DIR PORT  print the libpq connection string
#
# The cluster is initdb'ed with --no-locale -E UTF8 (C collation: text sorts bytewise,
# like UpsertDB), TimeZone=UTC, DateStyle ISO, fsync off, and listens only on a Unix
# socket inside DIR (listen_addresses=''), so it never touches the network and PORT
# only names the socket file. Data lives in DIR/data, the server log in DIR/server.log.
#
# initdb refuses to run as root, so under root the cluster belongs to a system user
# (upsertdb-oracle, created when missing) and initdb/pg_ctl run as that user.
# start and stop are idempotent.
set -euo pipefail

ORACLE_USER=upsertdb-oracle

die() { echo "pg-oracle: $*" >&2; exit 1; }

pg_bindir() {
  local d
  if command -v pg_config >/dev/null 2>&1; then
    d=$(pg_config --bindir 2>/dev/null || true)
    if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
  fi
  for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ]; then echo "$d"; return; fi
  done
  die "no PostgreSQL server binaries found (install postgresql-15)"
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# Runs a command as the cluster owner: the oracle user under root, else ourselves.
as_owner() {
  if is_root; then
    runuser -u "$ORACLE_USER" -- "$@"
  else
    "$@"
  fi
}

ensure_oracle_user() {
  is_root || return 0
  if ! id "$ORACLE_USER" >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$ORACLE_USER" \
      || die "cannot create system user $ORACLE_USER"
  fi
}

# Under root, hands DIR to the oracle user and checks that it can reach it through
# every parent directory (a 0700 parent owned by root would block it).
prepare_dir() {
  local dir=$1
  mkdir -p "$dir"
  if is_root; then
    chown "$ORACLE_USER:$ORACLE_USER" "$dir"
    chmod 0700 "$dir"
    as_owner test -w "$dir" -a -x "$dir" \
      || die "$ORACLE_USER cannot reach $dir: a parent directory is not searchable (chmod o+x it, or use a DIR under /tmp)"
  fi
}

abs_dir() { (cd "$1" && pwd -P); }

cmd_start() {
  [ $# -eq 2 ] || die "usage: pg-oracle.sh start DIR PORT"
  local dir=$1 port=$2 bin
  [[ "$port" =~ ^[0-9]+$ ]] || die "PORT must be a number, got '$port'"
  bin=$(pg_bindir)
  ensure_oracle_user
  prepare_dir "$dir"
  dir=$(abs_dir "$dir")
  # The socket path ($dir/.s.PGSQL.$port) must fit in sun_path (107 bytes).
  [ ${#dir} -le 90 ] || die "DIR path too long for a Unix socket: $dir"

  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --no-locale -E UTF8 \
      --auth=trust --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    as_owner tee -a "$dir/data/postgresql.conf" >/dev/null <<EOF

# --- pg-oracle.sh: throwaway oracle cluster ---
listen_addresses = ''
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
TimeZone = 'UTC'
log_timezone = 'UTC'
DateStyle = 'ISO, MDY'
IntervalStyle = 'postgres'
extra_float_digits = 1
max_connections = 20
shared_buffers = 16MB
dynamic_shared_memory_type = posix
EOF
  fi

  if as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    local running_port
    running_port=$(sed -n '4p' "$dir/data/postmaster.pid" 2>/dev/null || true)
    [ "$running_port" = "$port" ] \
      || die "already running in $dir on port $running_port (asked for $port)"
    return 0
  fi

  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port" start >/dev/null \
    || { tail -n 20 "$dir/server.log" >&2 || true; die "server did not start"; }
}

cmd_stop() {
  [ $# -eq 1 ] || die "usage: pg-oracle.sh stop DIR"
  local dir=$1 bin
  [ -f "$dir/data/PG_VERSION" ] || return 0
  bin=$(pg_bindir)
  if as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null \
      || die "server in $dir did not stop"
  fi
}

cmd_psql() {
  [ $# -ge 2 ] || die "usage: pg-oracle.sh psql DIR PORT [psql args...]"
  local dir port bin
  dir=$(abs_dir "$1"); port=$2; shift 2
  bin=$(pg_bindir)
  local psql=psql
  [ -x "$bin/psql" ] && psql="$bin/psql"
  "$psql" -X -h "$dir" -p "$port" -U postgres "$@"
}

cmd_conninfo() {
  [ $# -eq 2 ] || die "usage: pg-oracle.sh conninfo DIR PORT"
  echo "host=$(abs_dir "$1") port=$2 user=postgres dbname=postgres"
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  psql) shift; cmd_psql "$@" ;;
  conninfo) shift; cmd_conninfo "$@" ;;
  *) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
