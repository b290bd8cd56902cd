#!/usr/bin/env bash
# Raid ingest benchmark: 1,000,000 accounts through Kafka and the writer into PostgreSQL, next to
# a bare COPY of the same rows measured in the same run. Prints figures; asserts no timings.
# Usage: bench/raid-ingest.sh [accounts [per-record [runs]]]   (defaults 1000000 10000 3; PostgreSQL from
#        MILK_TEST_DATABASE_URL, as the tests; BENCH_WITHOUT_INDEX=false skips the runs without the user-id index)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
./mvnw -q -B -pl milk-app -am verify -Dtest=RaidIngestBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -DskipITs -Dbench.accounts="${1:-1000000}" -Dbench.per-record="${2:-10000}" -Dbench.runs="${3:-3}" \
  -Dbench.without-index="${BENCH_WITHOUT_INDEX:-true}"
cat milk-app/target/benchmarks/raid-ingest.txt
