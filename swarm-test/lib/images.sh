# shellcheck shell=bash disable=SC2154 # run.sh (and earlier steps) set the lower-case globals
# The images: local stand-ins of the official bases (or the official ones, pulled), Milk's built
# from the project's Dockerfile every time, and two tags of it for the update and the rollback.
# Each image the test made is listed in $state/images for 'clean'.

have_image() { docker image inspect "$1" > /dev/null 2>&1; }
made_image() { printf '%s\n' "$1" >> "$state/images"; }

# build TAG CONTEXT [docker build options]: builds unless present; recorded for 'clean'.
build() {
  local tag="$1" context="$2"
  shift 2
  have_image "$tag" && return
  log "building $tag"
  docker build --quiet --tag "$tag" "$@" "$context" > /dev/null 2> "$state/build.log" \
    || fail "building $tag: $(grep -v -i deprecat "$state/build.log" | tail -n 5)"
  made_image "$tag"
}

java_home() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
    [[ -x "$candidate/bin/jlink" ]] && "$candidate/bin/java" -version 2>&1 | grep -q 'version "25' \
      && printf '%s' "$candidate" && return
  done
  return 1
}

build_standins() {
  local jdk context
  jdk="$(java_home)" || fail "a JDK 25 is needed for the stand-in images (set JAVA_HOME)"
  if ! have_image milk-test/debian:bookworm; then
    command -v debootstrap > /dev/null || apt_install debootstrap \
      || skip "debootstrap is needed for the local base images (MILK_TEST_DOCKER=install installs it as root; or run with MILK_SWARM_TEST_BASES=official)"
    log "debootstrap: a Debian bookworm root file system"
    rm -rf "$state/rootfs"
    debootstrap --variant=minbase bookworm "$state/rootfs" http://deb.debian.org/debian > "$state/debootstrap.log" 2>&1 \
      || fail "debootstrap: $(tail -n 3 "$state/debootstrap.log")"
    rm -rf "$state/rootfs"/var/cache/apt/archives/*.deb "$state/rootfs"/var/lib/apt/lists/*
    tar -C "$state/rootfs" -c . | docker import - milk-test/debian:bookworm > /dev/null
    made_image milk-test/debian:bookworm
    rm -rf "$state/rootfs"
  fi
  context="$state/context"
  if ! have_image milk-test/jdk:25; then
    rm -rf "$context" && mkdir -p "$context"
    cp "$here/standins/jdk/Dockerfile" "$context/"
    cp -rL "$jdk" "$context/jdk"
    build milk-test/jdk:25 "$context" --build-arg DEBIAN_IMAGE=milk-test/debian:bookworm
  fi
  if ! have_image milk-test/jre:25; then
    rm -rf "$context" && mkdir -p "$context"
    cp "$here/standins/jre/Dockerfile" "$context/"
    # The modules of Temurin's JRE that Milk and Kafka use; the JDK's tools stay out.
    "$jdk/bin/jlink" --output "$context/jre" --strip-debug --no-man-pages --no-header-files \
      --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.zipfs,jdk.management,jdk.management.agent,jdk.management.jfr,jdk.jfr,jdk.naming.dns,jdk.localedata,jdk.charsets,jdk.httpserver,jdk.net,jdk.security.auth,jdk.security.jgss,jdk.attach
    build milk-test/jre:25 "$context" --build-arg DEBIAN_IMAGE=milk-test/debian:bookworm
  fi
  build milk-test/postgres:15 "$here/standins/postgres" --build-arg DEBIAN_IMAGE=milk-test/debian:bookworm
  build milk-test/prometheus:2 "$here/standins/prometheus" --build-arg DEBIAN_IMAGE=milk-test/debian:bookworm
  build milk-test/nginx:1 "$here/standins/nginx" --build-arg DEBIAN_IMAGE=milk-test/debian:bookworm
  if ! have_image milk-test/kafka:4.1.0; then
    rm -rf "$context" && mkdir -p "$context"
    cp -r "$here/standins/kafka/." "$context/"
    JAVA_HOME="$jdk" "$root/mvnw" -q -B -ntp -f "$context/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$context/libs" > "$state/build.log" 2>&1 \
      || fail "the Kafka jars could not be fetched: $(tail -n 5 "$state/build.log")"
    build milk-test/kafka:4.1.0 "$context" --build-arg JRE_IMAGE=milk-test/jre:25
  fi
  rm -rf "$context"
}

build_images() {
  # Build stages leave untagged images behind: those that appear from now on are this test's too.
  [[ -f "$state/dangling-before" ]] || docker images --quiet --filter dangling=true | sort > "$state/dangling-before"
  if [[ "$bases" == official ]]; then
    if ! docker pull --quiet postgres:15-alpine > /dev/null || ! docker pull --quiet apache/kafka:4.1.0 > /dev/null \
      || ! docker pull --quiet "$PROMETHEUS_IMAGE" > /dev/null || ! docker pull --quiet "$EDGE_IMAGE" > /dev/null; then
      skip "the official images cannot be pulled here (run without MILK_SWARM_TEST_BASES=official)"
    fi
  else
    build_standins
  fi
  # Milk's image is built every time, never taken as found: one left by an earlier run of another
  # checkout would test other code (Docker's layer cache makes a rebuild of the same code quick).
  log "building $MILK_IMAGE from the project's Dockerfile (./deploy.sh build)"
  have_image "$MILK_IMAGE" || made_image "$MILK_IMAGE"
  deploy build > "$state/build.log" 2>&1 || fail "./deploy.sh build: $(tail -n 20 "$state/build.log")"
  # A new tag for the rolling update, and one that can never become ready, for the rollback.
  docker rmi milk-test/milk:2 milk-test/milk:never-ready > /dev/null 2>&1 || true
  printf 'FROM %s\nLABEL dev.milk.swarm-test=second\n' "$MILK_IMAGE" | build milk-test/milk:2 -
  printf 'FROM %s\nHEALTHCHECK --interval=2s --timeout=2s --retries=1 CMD ["false"]\n' \
    "$MILK_IMAGE" | build milk-test/milk:never-ready -
}

