#!/usr/bin/env bash
# Milk's performance against baselines measured in the same run (BENCHMARKS.md): a Kafka broker
# and Milk's jar (roles writes and reads) as separate processes with the image's JVM settings, the
# machine's PostgreSQL (MILK_TEST_DATABASE_URL, as the tests), nginx (tuned) and wrk from Debian's
# packages. Usage: bench/run.sh [full|large|short]
#   short: what ./mvnw verify runs: PerformanceSuiteIT and MediaMemoryIT at small sizes (about 5 min);
#   large: LargeScaleBenchmark: a 10,000,000-account raid and a 1,000,000-message archive (under 20 min);
#   full:  PerformanceSuiteIT and MediaMemoryIT at full size (1,000,000 accounts, 200,000 messages,
#          four 50 MiB copies), then large (about 30 min).
# Each prints one table: figure, Milk, baseline, ratio, target. -Dmilk.jar=<path> (after the size)
# measures another build's jar. Loopback only; every process it starts is stopped when it ends.
# MILK_TEST_TIME_SCALE=N lets every wait take N times longer (a busy machine).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
size="${1:-full}"
shift || true
case "$size" in
  short|full) suites='PerformanceSuiteIT,MediaMemoryIT' ;;
  large) suites='LargeScaleBenchmark' ;;
  *) echo "usage: bench/run.sh [full|large|short] [-Dmilk.jar=<path>]" >&2; exit 2 ;;
esac
[[ "$size" == full ]] && suites="$suites,LargeScaleBenchmark"
if ! command -v nginx > /dev/null || ! command -v wrk > /dev/null; then
  apt-get update -qq && apt-get install -y -qq nginx-light wrk > /dev/null
fi
reports=(milk-app/target/bench/report.md milk-app/target/bench-media/report.md milk-app/target/bench-large/report.md)
rm -f "${reports[@]}"
./mvnw -q -B -ntp -pl milk-app -am verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test="$suites" -Dmilk.bench="$size" "$@"
for report in "${reports[@]}"; do
  if [[ -f "$report" ]]; then
    cat "$report"
    echo
  fi
done
