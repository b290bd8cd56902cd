package dev.milk.writes.raid;

import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.milk.raid.RaidRequest;
import dev.milk.raid.RaidUser;

/**
 * A {@code raid-management} value read once in either shape: the envelope's halves, or the bare
 * request's fields. The response half is not read further: a reply is never for Milk to act on.
 */
record RaidValue(RaidRequest request, JsonNode response, String raidId, String guildId, List<RaidUser> users,
        Long concludedAtMillis, String guildName, String reason) {

    RaidValueShape shape() {
        boolean hasResponse = response != null && !response.isNull();
        return RaidValueShape.of(request != null || hasResponse, raidId != null || guildId != null || users != null
                || concludedAtMillis != null || guildName != null || reason != null);
    }

    boolean isReply() {
        return request == null && response != null && !response.isNull();
    }

    RaidRequest bareRequest() {
        return new RaidRequest(raidId, guildId, users, concludedAtMillis, guildName, reason);
    }
}
