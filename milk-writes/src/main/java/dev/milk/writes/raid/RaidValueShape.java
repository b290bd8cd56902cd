package dev.milk.writes.raid;

import java.util.stream.Stream;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import dev.milk.wire.EventJson;
import dev.milk.raid.RaidEnvelope;
import dev.milk.raid.RaidResponse;

/**
 * The two shapes a raid request may take: Beemo's envelope {@code {"request": {...}, "response": null}},
 * or the bare request object. A reply takes the shape of its request, so a caller reads what it expects.
 */
public enum RaidValueShape {

    ENVELOPE("request."),
    BARE("");

    static final String[] REQUEST_FIELDS = {"raidId", "guildId", "users", "concludedAtMillis", "guildName", "reason"};

    private final String fieldPrefix;

    RaidValueShape(String fieldPrefix) {
        this.fieldPrefix = fieldPrefix;
    }

    /** How error messages name a request field in this shape, e.g. {@code request.users[3].id}. */
    String path(String field) {
        return fieldPrefix + field;
    }

    public byte[] reply(RaidResponse response) {
        return EventJson.write(this == ENVELOPE ? RaidEnvelope.of(response) : response);
    }

    /** The shape of a value that could not be read as a request: bare only when it plainly is. */
    public static RaidValueShape guess(byte[] value) {
        try {
            JsonNode node = EventJson.mapper().readTree(value);
            return node != null && node.isObject() && of(present(node, "request") || present(node, "response"),
                    Stream.of(REQUEST_FIELDS).anyMatch(f -> present(node, f))) == BARE ? BARE : ENVELOPE;
        } catch (JacksonException | IllegalArgumentException e) {
            return ENVELOPE;
        }
    }

    /** The one rule: an envelope names a half; a bare request names a request field and no half. */
    static RaidValueShape of(boolean hasEnvelopeHalf, boolean hasRequestField) {
        return !hasEnvelopeHalf && hasRequestField ? BARE : ENVELOPE;
    }

    private static boolean present(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }
}
