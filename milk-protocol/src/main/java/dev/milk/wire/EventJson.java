package dev.milk.wire;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The one JSON mapping of Milk's events, for Milk and for bots alike. Strict where loose parsing
 * would corrupt data: a snowflake sent as a JSON number has already lost precision in a JavaScript
 * sender, so it is refused rather than stored wrong. Unknown fields are ignored so that newer bots
 * can talk to older Milks.
 */
public final class EventJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, c -> c
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .build();

    private EventJson() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads a value; fails with Jackson's exception when it is not the JSON of {@code type}. Milk's
     * writers read records through their own reader, which turns every failure into a reason
     * that names the field.
     */
    public static <T> T read(byte[] value, Class<T> type) {
        return MAPPER.readValue(value, type);
    }

    public static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }
}
