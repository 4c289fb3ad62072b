# Sourced by scripts/test.sh: a PostgreSQL server for the store tests (issue 16). Unless
# RAATI_TEST_PG is set already, start Debian's PostgreSQL cluster (creating one if there
# is none), create the role raati (password raati) and the database raati_test if they
# are missing, and export RAATI_TEST_PG=postgresql://raati:raati@localhost:PORT/raati_test.
# Idempotent: running it again changes nothing. Needs the Debian package postgresql.
# shellcheck shell=bash

if [ -z "${RAATI_TEST_PG:-}" ]; then
  raati_pg_sudo=""; [ "$(id -u)" -eq 0 ] || raati_pg_sudo="sudo"
  raati_as_postgres() {
    # As the postgres user, from a folder it can read.
    if [ "$(id -u)" -eq 0 ]; then
      (cd / && runuser -u postgres -- "$@")
    else
      (cd / && sudo -u postgres "$@")
    fi
  }
  if ! command -v pg_lsclusters >/dev/null 2>&1; then
    echo "scripts/test_pg.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2
    return 1
  fi
  raati_pg_cluster=$(pg_lsclusters -h | head -n 1)
  if [ -z "$raati_pg_cluster" ]; then
    raati_pg_version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    $raati_pg_sudo pg_createcluster "$raati_pg_version" main >/dev/null
    raati_pg_cluster=$(pg_lsclusters -h | head -n 1)
  fi
  read -r raati_pg_version raati_pg_name raati_pg_port raati_pg_status _ <<<"$raati_pg_cluster"
  case "$raati_pg_status" in
    online*) ;;
    *) $raati_pg_sudo pg_ctlcluster "$raati_pg_version" "$raati_pg_name" start ;;
  esac
  raati_psql() { raati_as_postgres psql -X -q -p "$raati_pg_port" -v ON_ERROR_STOP=1 "$@"; }
  if [ "$(raati_psql -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'raati'")" != "1" ]; then
    raati_psql -c "CREATE ROLE raati LOGIN PASSWORD 'raati'"
  fi
  if [ "$(raati_psql -tAc "SELECT 1 FROM pg_database WHERE datname = 'raati_test'")" != "1" ]; then
    raati_psql -c "CREATE DATABASE raati_test OWNER raati"
  fi
  export RAATI_TEST_PG="postgresql://raati:raati@localhost:${raati_pg_port}/raati_test"
  unset -f raati_as_postgres raati_psql
  unset raati_pg_sudo raati_pg_cluster raati_pg_version raati_pg_name raati_pg_port \
    raati_pg_status
fi
