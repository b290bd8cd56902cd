#!/usr/bin/env bash
# Milk's performance against baselines measured in the same run (BENCHMARKS.md): a Kafka broker
# and Milk's jar (roles writes and reads) as separate processes with the image's JVM settings, the
# machine's PostgreSQL (MILK_TEST_DATABASE_URL, as the tests), nginx and wrk from Debian's packages.
# Prints one table: figure, Milk, baseline, ratio, target; then media's (MediaMemoryIT: copies and
# downloads of 50 MiB with the image's heaps). Usage: bench/run.sh [full|short]
# (full: a 1,000,000-account raid and 200,000 messages; short is what ./mvnw verify runs).
# Loopback only; every process it starts is stopped when it ends. MILK_TEST_TIME_SCALE=N lets every
# wait take N times longer (a busy machine).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
size="${1:-full}"
[[ "$size" == full || "$size" == short ]] || { echo "usage: bench/run.sh [full|short]" >&2; exit 2; }
if ! command -v nginx > /dev/null || ! command -v wrk > /dev/null; then
  apt-get update -qq && apt-get install -y -qq nginx-light wrk > /dev/null
fi
./mvnw -q -B -ntp -pl milk-app -am verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='PerformanceSuiteIT,MediaMemoryIT' -Dmilk.bench="$size"
cat milk-app/target/bench/report.md
echo
cat milk-app/target/bench-media/report.md
