#!/usr/bin/env bash
# Throwaway PostgreSQL and Redis on loopback for the tests: Debian's packages, a private cluster
# and a private redis-server in a temporary directory, on free ports, never the system's own
# service, cluster or the default ports 5432/6379 (other runs may be doing the same at once).
#
#   scripts/engines.sh install      install postgresql and redis-server if missing (Debian, apt)
#   scripts/engines.sh start        start both; print `export` lines for eval (logs go to stderr)
#   scripts/engines.sh stop DIR     stop exactly what `start` started under DIR and delete DIR
#   scripts/engines.sh run CMD...   start, run CMD with the variables set, stop (also on failure)
#
# The variables printed by start:
#   LIVEGRPC_ENGINES_DIR     the temporary directory (data, sockets, logs, pid files)
#   LIVEGRPC_TEST_POSTGRES   Npgsql connection string of the superuser `postgres` (trust, loopback only)
#   LIVEGRPC_TEST_REDIS      StackExchange.Redis configuration, host:port
set -euo pipefail

log() { echo "engines: $*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# initdb and postgres refuse to run as root; as root they run as the `postgres` OS user that
# Debian's package creates.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

install_engines() {
  local missing=()
  pg_bin >/dev/null || missing+=(postgresql)
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null || missing+=(redis-server)
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]} (Debian)"
  # Refresh the package index only when installing from the current one fails (a fresh machine).
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y "${missing[@]}" >&2; then
    as_root apt-get -o DPkg::Lock::Timeout=300 update >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y "${missing[@]}" >&2
  fi
}

# A port nothing listens on, below the kernel's ephemeral range (32768+) so an outgoing
# connection is unlikely to hold it. Still racy against another run: callers retry on failure.
free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

start_postgres() {
  local dir=$1 bin port attempt
  bin=$(pg_bin)
  mkdir -p "$dir/pg"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$dir/pg"; fi
  # ICU en-US, not C: ids and text then compare the way a typical production database does,
  # so the tests see what a store that relied on bytewise order would get wrong.
  as_postgres "$bin/initdb" -D "$dir/pg/data" -U postgres --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 --locale-provider=icu --icu-locale=en-US --no-sync >"$dir/pg-initdb.log" 2>&1 \
    || { cat "$dir/pg-initdb.log" >&2; return 1; }
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$(free_port)
    # Tests create and drop many databases; durability is not needed for a throwaway cluster.
    if as_postgres "$bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w -t 60 \
        -o "-p $port -k $dir/pg -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null; then
      echo "$port" >"$dir/pg.port"
      log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (pid $(head -n 1 "$dir/pg/data/postmaster.pid"))"
      return 0
    fi
    log "PostgreSQL could not start on port $port (attempt $attempt); trying another"
    tail -n 3 "$dir/pg/server.log" >&2 || true
  done
  return 1
}

start_redis() {
  local dir=$1 port attempt i
  mkdir -p "$dir/redis"
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$(free_port)
    # No persistence: nothing is saved, nothing is loaded.
    if redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$dir/redis" \
        --daemonize yes --pidfile "$dir/redis/redis.pid" --logfile "$dir/redis/server.log" >&2; then
      for i in $(seq 1 100); do
        if [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ]; then
          echo "$port" >"$dir/redis.port"
          log "Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$port (pid $(cat "$dir/redis/redis.pid"))"
          return 0
        fi
        # A daemonized server that failed to bind has already exited.
        [ -f "$dir/redis/redis.pid" ] && ! kill -0 "$(cat "$dir/redis/redis.pid")" 2>/dev/null && break
        sleep 0.1
      done
    fi
    stop_redis "$dir"
    log "Redis could not start on port $port (attempt $attempt); trying another"
    tail -n 3 "$dir/redis/server.log" >&2 || true
  done
  return 1
}

stop_postgres() {
  local dir=$1 bin pid
  [ -f "$dir/pg/data/postmaster.pid" ] || return 0
  bin=$(pg_bin)
  pid=$(head -n 1 "$dir/pg/data/postmaster.pid")
  if ! as_postgres "$bin/pg_ctl" -D "$dir/pg/data" -m fast -w -t 30 stop >/dev/null 2>&1; then
    log "pg_ctl stop failed; killing postmaster $pid"
    kill -9 "$pid" 2>/dev/null || true
  fi
}

stop_redis() {
  local dir=$1 pid i
  [ -f "$dir/redis/redis.pid" ] || return 0
  pid=$(cat "$dir/redis/redis.pid")
  kill "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/redis/redis.pid"
}

stop_engines() {
  local dir=$1
  # Only a directory that `start` made: it holds engines.env.
  [ -n "$dir" ] && [ -f "$dir/engines.env" ] || return 0
  stop_redis "$dir"
  stop_postgres "$dir"
  rm -rf "$dir"
  log "stopped and removed $dir"
}

start_engines() {
  local dir
  install_engines
  dir=$(mktemp -d "${TMPDIR:-/tmp}/livegrpc-engines.XXXXXX")
  # The postgres user must reach its data directory inside.
  chmod 755 "$dir"
  cat >"$dir/engines.env" <<EOF
export LIVEGRPC_ENGINES_DIR='$dir'
EOF
  if ! start_postgres "$dir" || ! start_redis "$dir"; then
    stop_engines "$dir"
    log "could not start the engines"
    return 1
  fi
  cat >>"$dir/engines.env" <<EOF
export LIVEGRPC_TEST_POSTGRES='Host=127.0.0.1;Port=$(cat "$dir/pg.port");Username=postgres;Database=postgres'
export LIVEGRPC_TEST_REDIS='127.0.0.1:$(cat "$dir/redis.port")'
EOF
  cat "$dir/engines.env"
}

case "${1:-}" in
  install)
    install_engines
    ;;
  start)
    start_engines
    ;;
  stop)
    stop_engines "${2:?usage: scripts/engines.sh stop DIR}"
    ;;
  run)
    shift
    [ $# -gt 0 ] || { echo "usage: scripts/engines.sh run COMMAND [ARGS...]" >&2; exit 64; }
    env_lines=$(start_engines)
    eval "$env_lines"
    trap 'stop_engines "$LIVEGRPC_ENGINES_DIR"' EXIT
    trap 'exit 130' INT TERM
    "$@"
    ;;
  *)
    echo "usage: scripts/engines.sh install | start | stop DIR | run COMMAND [ARGS...]" >&2
    exit 64
    ;;
esac
