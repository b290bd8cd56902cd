# shellcheck shell=bash disable=SC2016 # jq programs are in single quotes
# 2. A raid and an archive, published as a bot would (from a container on the stack's network,
# with generation 2 headers), are answered with their public ids and served by every reads
# replica, each asked directly.

records publish-raid.tsv '
  line($ids[0]; "create-raid"; {request: {raidId: $raid, guildId: $guild}}),
  line($ids[1]; "batch-insert-raid-users"; {request: {raidId: $raid, guildId: $guild, users: accounts(0; 1000)}}),
  line($ids[2]; "conclude-raid"; {request: {raidId: $raid, guildId: $guild, concludedAtMillis: 1763899600000}})' \
  --arg raid "swarm-raid-$(uuid)"
records publish-archive.tsv '
  line($ids[0]; $archive; {type: "archive.created", archiveId: $archive, guildId: $guild, channelId: "1",
    channelName: "general", reason: "swarm test", createdBy: "2", createdAtMillis: 1763899000000}),
  line($ids[1]; $archive; {type: "archive.messages", archiveId: $archive, messages: [{id: "1320000000000000001",
    authorId: "3", authorName: "moderator", content: "archived in the swarm", createdAtMillis: 1763899100000}]}),
  line($ids[2]; $archive; {type: "archive.sealed", archiveId: $archive, sealedAtMillis: 1763899200000})' \
  --arg archive "swarm-archive-$(uuid)"
replies="$(run_bot publish "$KAFKA_IMAGE" "bash /bots/send.sh raid-management /records/publish-raid.tsv \
  && bash /bots/send.sh message-archives /records/publish-archive.tsv \
  && bash /bots/replies.sh raid-management 3 $(patience 60) && bash /bots/replies.sh message-archives 1 $(patience 60)")"
# Replies are headers<TAB>key<TAB>value: the raid's public id is in conclude-raid's, the archive's
# in archive.accepted.
raid_public_id="$(awk -F '\t' '$2 == "conclude-raid.response" { print $3 }' <<< "$replies" | jq -r '.response.publicId' | head -n 1 || true)"
archive_public_id="$(cut -f 3 <<< "$replies" | jq -r 'select(.type? == "archive.accepted") | .publicId' 2> /dev/null | head -n 1 || true)"
expect_match raid-and-archive.public-ids "the public ids in Milk's replies to the bot" \
  "raid $raid_public_id archive $archive_public_id" '^raid [A-Za-z0-9_-]{12} archive [A-Za-z0-9_-]{12}$'
expect raid-and-archive.raid-on-every-replica "statuses of /raid/$raid_public_id from each reads replica" \
  "$(reads_statuses "/raid/$raid_public_id")" "$(repeated 3 200)"
expect raid-and-archive.archive-on-every-replica "statuses of /archive/$archive_public_id from each reads replica" \
  "$(reads_statuses "/archive/$archive_public_id")" "$(repeated 3 200)"
expect raid-and-archive.accounts "the raid's accounts (counted / stored)" \
  "$(psql_milk "SELECT user_count || '/' || (SELECT count(*) FROM raid_user u WHERE u.raid_id = r.id)
    FROM raid r WHERE public_id = '$raid_public_id'")" 1000/1000
