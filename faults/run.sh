#!/usr/bin/env bash
# Milk's fault suite (RELIABILITY.md): a Kafka broker, PostgreSQL and Milk's jar, each its own
# process, broken in turn while a bot streams raids and archives; prints what was sent, stored,
# duplicated and lost. Usage: faults/run.sh [full|short]   (full: 1,000,000 accounts, 100,000
# messages, 10 kills per run; short is what CI runs as part of ./mvnw verify). Loopback only; every
# process it starts is stopped when it ends. MILK_TEST_TIME_SCALE=N lets every wait take N times longer.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
size="${1:-full}"
[[ "$size" == full || "$size" == short ]] || { echo "usage: faults/run.sh [full|short]" >&2; exit 2; }
./mvnw -q -B -ntp -pl milk-app -am verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=FaultSuiteIT -Dmilk.faults="$size"
cat milk-app/target/faults/report.md
