# shellcheck shell=bash disable=SC2154 # run.sh (and earlier steps) set the lower-case globals
# 6. A rolling update to a new image tag while a client reads the raid in a loop (bots/reader.sh,
# as a reverse proxy would): both roles update, every replica runs the new tag, no read fails.

reads_before="$(update_started reads)"
writes_before="$(update_started writes)"
start_bot reader "$MILK_IMAGE" "bash /bots/reader.sh /raid/$raid_public_id"
sleep 10
MILK_IMAGE=milk-test/milk:2 deploy deploy > /dev/null 2>&1
expect_within rolling-update.reads "the rolling update of reads completes" update_ends_as reads completed 600 "$reads_before"
expect_within rolling-update.writes "the rolling update of writes completes" update_ends_as writes completed 600 "$writes_before"
expect_within rolling-update.converged "every replica converged on the new tag" services_converged "$(patience 300)"
expect rolling-update.reads-image "the images reads replicas run" "$(running_images reads)" milk-test/milk:2
expect rolling-update.writes-image "the images writes replicas run" "$(running_images writes)" milk-test/milk:2
sleep 5
reader_log="$(docker service logs --raw "${STACK}-bot-reader" 2> /dev/null | grep -a -E '^(reads|FAILED)' || true)"
docker service rm "${STACK}-bot-reader" > /dev/null
grep -a '^FAILED' <<< "$reader_log" | sort | uniq -c | sed 's/^/  /' >&2 || true
summary="$(grep -a '^reads' <<< "$reader_log" | tail -n 1 || true)"
log "  reader during the update: $summary"
[[ "$summary" =~ ok=([0-9]+)\ failed=([0-9]+) ]] || fail "the reader printed no summary"
served="${BASH_REMATCH[1]}" failed="${BASH_REMATCH[2]}"
expect_between rolling-update.reads-served "reads served during the rolling update" "$served" 101 ""
expect rolling-update.no-failed-read "reads failed during the rolling update" "$failed" 0
