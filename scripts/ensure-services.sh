#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis are installed, running on loopback, and that PostgreSQL has Beacon's role and
# database. Idempotent: on a machine where both already run it only checks. Debian/Ubuntu (apt); needs root or sudo
# only when something must be installed or started.
#   bash scripts/ensure-services.sh              PostgreSQL + Redis
#   bash scripts/ensure-services.sh --browser    also Debian's chromium (for the browser tests)
set -euo pipefail

say() { printf '[services] %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$1"; else sudo -u postgres sh -c "$1"; fi; }

APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" -eq 0 ]; then
    say "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  say "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

wait_for() { # description, command...
  local what=$1; shift
  for _ in $(seq 1 60); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  say "ERROR: $what did not become ready"; return 1
}

# --- PostgreSQL -------------------------------------------------------------------------------------------------
PG_HOST=127.0.0.1 PG_PORT=5432
if pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; then
  say "PostgreSQL: already running on $PG_HOST:$PG_PORT"
else
  if ! command -v pg_lsclusters >/dev/null 2>&1; then apt_install postgresql; fi
  if ! command -v pg_isready >/dev/null 2>&1; then apt_install postgresql-client; fi
  if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    say "PostgreSQL: creating cluster $version/main"
    as_root pg_createcluster "$version" main >/dev/null
  fi
  say "PostgreSQL: starting"
  while read -r version cluster _; do
    as_root pg_ctlcluster "$version" "$cluster" start || true
  done < <(pg_lsclusters -h)
  wait_for "PostgreSQL" pg_isready -q -h "$PG_HOST" -p "$PG_PORT"
  say "PostgreSQL: running on $PG_HOST:$PG_PORT"
fi

if [ "$(as_postgres "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname = 'beacon'\"")" != "1" ]; then
  say "PostgreSQL: creating role beacon (LOGIN CREATEDB, password beacon: development only)"
  as_postgres "psql -q -c \"CREATE ROLE beacon LOGIN CREATEDB PASSWORD 'beacon'\""
fi
if [ "$(as_postgres "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = 'beacon'\"")" != "1" ]; then
  say "PostgreSQL: creating database beacon"
  as_postgres "psql -q -c 'CREATE DATABASE beacon OWNER beacon'"
fi
say "PostgreSQL: role and database beacon present"

# --- Redis ------------------------------------------------------------------------------------------------------
if command -v redis-cli >/dev/null 2>&1 && redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
  say "Redis: already running on 127.0.0.1:6379"
else
  if ! command -v redis-server >/dev/null 2>&1; then apt_install redis-server; fi
  say "Redis: starting"
  if ! as_root service redis-server start >/dev/null 2>&1; then
    as_root redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --appendonly yes \
      --maxmemory-policy noeviction --dir /var/lib/redis --logfile /var/log/redis/redis-server.log \
      || as_root redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --appendonly yes --maxmemory-policy noeviction
  fi
  wait_for "Redis" sh -c 'redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG'
  say "Redis: running on 127.0.0.1:6379"
fi
policy=$(redis-cli -h 127.0.0.1 -p 6379 config get maxmemory-policy 2>/dev/null | tail -n 1 || true)
if [ -n "$policy" ] && [ "$policy" != "noeviction" ]; then
  say "WARNING: Redis maxmemory-policy is $policy; BullMQ needs noeviction (redis-cli config set maxmemory-policy noeviction)"
fi

# --- Chromium (browser tests) -----------------------------------------------------------------------------------
if [ "${1:-}" = "--browser" ]; then
  if command -v chromium >/dev/null 2>&1; then
    say "Chromium: already installed ($(chromium --version 2>/dev/null | head -n 1))"
  else
    apt_install chromium fonts-dejavu-core
    say "Chromium: installed ($(chromium --version 2>/dev/null | head -n 1))"
  fi
fi
