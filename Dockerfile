# One image, every role: MILK_ROLE=writes|reads|all, or a one-shot import|import-dce (see README.md).
# The base images are build arguments whose defaults are the official ones; swarm-test/run.sh
# builds with local stand-ins of the same layout where nothing can be pulled.
ARG BUILD_IMAGE=eclipse-temurin:25-jdk
ARG RUNTIME_IMAGE=eclipse-temurin:25-jre

# ---- build: the Maven wrapper on JDK 25 ------------------------------------------------------
FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# The poms first: dependencies are downloaded again only when a pom changes, not on a code change.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY milk-protocol/pom.xml milk-protocol/
COPY milk-client/pom.xml milk-client/
COPY milk-common/pom.xml milk-common/
COPY milk-media/pom.xml milk-media/
COPY milk-access/pom.xml milk-access/
COPY milk-dce/pom.xml milk-dce/
COPY milk-test-support/pom.xml milk-test-support/
COPY milk-writes/pom.xml milk-writes/
COPY milk-reads/pom.xml milk-reads/
COPY milk-standalone/pom.xml milk-standalone/
COPY milk-app/pom.xml milk-app/
# Without the standalone run's embedded PostgreSQL and Kafka broker: a deployment has its own.
RUN ./mvnw -B -ntp -q -pl milk-app -am -Dmilk.standalone=false dependency:go-offline
COPY . .
RUN ./mvnw -B -ntp -q -pl milk-app -am -Dmilk.standalone=false -Dmaven.test.skip=true package \
 && java -Djarmode=tools -jar milk-app/target/milk.jar extract --layers --destination /layers

# ---- run: JRE 25, non-root ---------------------------------------------------------------------
FROM ${RUNTIME_IMAGE}
RUN groupadd --system milk && useradd --system --gid milk --home-dir /app --shell /usr/sbin/nologin milk
WORKDIR /app
# Layers from least to most often changed, so an update ships only the last one or two.
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./

# The heap is the JVM's default quarter of the container's memory limit: Milk's live data is small,
# and a larger heap only lets the serial collector (which the JVM picks under 1,792 MiB) grow the
# process (BENCHMARKS.md); the rest holds metaspace, code, threads and the AOT cache. Two malloc
# arenas instead of one per core and thread keep native memory from fragmenting. The AOT cache's
# archived objects need a first heap larger than the default 1/64 of the limit: at 512M (8 MiB) the
# JVM refuses the cache and does not start, with 32 MiB it uses it. An OutOfMemoryError ends the
# task for Swarm to replace.
ENV MILK_ROLE=all \
    MILK_HTTP_PORT=8080 \
    MILK_MANAGEMENT_PORT=8081 \
    MILK_STANDALONE_DATA_DIR=/app/data \
    JAVA_TOOL_OPTIONS="-XX:+ExitOnOutOfMemoryError -Xms32m" \
    MALLOC_ARENA_MAX=2

# JDK 25 AOT cache, trained on a start of both roles (role all, against no database and no broker:
# Flyway is skipped and the Kafka clients give up) that stops once the context is refreshed.
# Measured on 2 cores (BENCHMARKS.md): reads ready in 2.4-2.6 s, writes in 3.6-4.7 s. A JVM that
# cannot use the cache just starts without it.
RUN MILK_ROLE=all MILK_DATABASE_URL=jdbc:postgresql://127.0.0.1:1/training MILK_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1 \
    SPRING_KAFKA_ADMIN_OPERATION_TIMEOUT=1s SPRING_FLYWAY_ENABLED=false \
    java -XX:AOTCacheOutput=/app/milk.aot -Dspring.context.exit=onRefresh -jar milk.jar > /dev/null \
 && mkdir -p /app/data && chown milk:milk /app/data

USER milk
# 8080 public routes; 8081 health and metrics, for the health check and Prometheus, never published.
EXPOSE 8080 8081
# Readiness: Swarm only routes to, and a rolling update only proceeds past, a task that can serve.
HEALTHCHECK --interval=10s --timeout=4s --start-period=60s --retries=6 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${MILK_MANAGEMENT_PORT} && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-XX:AOTCache=/app/milk.aot", "-jar", "milk.jar"]
