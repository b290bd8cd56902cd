# shellcheck shell=bash
# 9. The image runs as a non-root user and carries no embedded PostgreSQL and no Kafka broker (the
# standalone run's); its layers are printed with their sizes.

expect_between image.non-root "the user id the image runs as" "$(docker run --rm --entrypoint id "$MILK_IMAGE" -u)" 1 ""
expect image.no-embedded-services "jars of embedded PostgreSQL, a Kafka broker or the standalone run in /app/lib" \
  "$(docker run --rm --entrypoint bash "$MILK_IMAGE" -c \
    'ls /app/lib | grep -E "^(embedded-postgres|kafka_2\.13|kafka-server-[0-9]|kafka-raft|milk-standalone)" || true' | wc -l)" 0
log "layers of $MILK_IMAGE (size, instruction):"
docker history --format '{{.Size}}\t{{.CreatedBy}}' "$MILK_IMAGE" | cut -c 1-110 | sed 's/^/    /' >&2
log "$(docker image inspect "$MILK_IMAGE" --format '{{.Size}}' | awk '{ printf "image size: %.0f MB", $1 / 1e6 }')"
