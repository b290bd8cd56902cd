package dev.milk.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * What a reader learns of a raid from its JSON route, reduced to what the model decides, times as
 * epoch milliseconds.
 *
 * @param status   200, or 404 for a raid never stored
 * @param accounts in the page's order: by join, then id
 */
record RaidView(int status, Long startedAt, Long concludedAt, String guild, long size, List<Account> accounts) {

    static final RaidView UNKNOWN = new RaidView(404, null, null, null, 0, List.of());

    record Account(String id, String name, long joinedAt) {
    }

    static RaidView of(JsonNode page) {
        JsonNode raid = page.get("raid");
        List<Account> accounts = new ArrayList<>();
        for (JsonNode user : page.get("users").get("data")) {
            accounts.add(new Account(user.get("id").asString(), user.get("name").asString(),
                    millis(user.get("joinedAt"))));
        }
        return new RaidView(200, millis(raid.get("startedAt")), raid.get("concludedAt").isNull() ? null
                : millis(raid.get("concludedAt")), raid.get("guild").asString(), raid.get("size").asLong(), accounts);
    }

    private static long millis(JsonNode time) {
        return Instant.parse(time.asString()).toEpochMilli();
    }
}
