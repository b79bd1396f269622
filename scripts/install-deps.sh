#!/usr/bin/env bash
# Installs the Debian packages UpsertDB needs to build and test, only when missing.
# Safe to run repeatedly; does nothing when everything is present.
#   install-deps.sh         what `make build` and `make test` need
#   install-deps.sh bench   that, and what `make bench` adds (gnuplot draws its chart)
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config
  libpg-query-dev        # PostgreSQL's own parser (DESIGN.md)
  nlohmann-json3-dev     # reads libpg_query's JSON parse trees
  libabsl-dev            # Abseil's B-tree containers (in-memory indexes)
  libgtest-dev libgmock-dev
  libreadline-dev        # shell line editing and history
  libssl-dev             # TLS and hashing (server issue)
  openssl                # the openssl CLI: tests make a throwaway certificate (tests/server/auth_test.py)
  libsqlite3-dev         # benchmark peer
  libpq-dev              # differential tests talk to PostgreSQL through libpq
  postgresql-15          # the oracle for differential tests
  python3                # wire-protocol transcript test (tests/server/wire_test.py)
  clang libclang-rt-14-dev   # libFuzzer run over the protocol decoder
  python3-psycopg2       # client test: psycopg2
  python3-psycopg        # client test: psycopg 3 (server-side binding, binary, pipeline)
  python3-sqlalchemy     # client test: SQLAlchemy 1.4 Core (incident 2)
  openjdk-17-jdk-headless libpostgresql-jdbc-java   # client test: PgJDBC (incident 3)
  nodejs                 # client test: node-postgres (npm installs `pg` into tests/clients/node)
)

if [ "${1:-}" = bench ]; then
  PACKAGES+=(gnuplot-nox)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
