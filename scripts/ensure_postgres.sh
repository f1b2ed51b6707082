#!/usr/bin/env bash
# Start the local PostgreSQL server (Debian's packages) on 127.0.0.1 for the test suite, and make
# sure the test role exists. Idempotent: does nothing more when it is already running.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
  pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$version" main start
fi
for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 0.5
done
pg_isready -h 127.0.0.1 -p 5432
exists=$(su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='deploytest'\"")
if [ "$exists" != "1" ]; then
  su postgres -c "psql -qc \"CREATE ROLE deploytest LOGIN CREATEDB PASSWORD 'deploytest'\""
fi
# DROP DATABASE ... WITH (FORCE) must also end an autovacuum worker busy in a scratch database
# (PostgreSQL checks the right to signal it like any other backend's).
su postgres -c "psql -qc 'GRANT pg_signal_backend TO deploytest'" 2>/dev/null
