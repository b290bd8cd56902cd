package dev.milk.event;

import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The one JSON mapping of Milk's events. Strict where loose parsing would corrupt data: a snowflake
 * sent as a JSON number has already lost precision in a JavaScript sender, so it is refused rather
 * than stored wrong. Unknown fields are ignored so that newer bots can talk to older Milks.
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

    /** Reads a record value, turning every parse failure into a reason that names the field. */
    public static <T> T read(byte[] value, Class<T> type) {
        if (value == null || value.length == 0) {
            throw new InvalidEventException(InvalidEventException.Kind.MALFORMED, "record has no value");
        }
        try {
            T parsed = MAPPER.readValue(value, type);
            if (parsed == null) {
                throw new InvalidEventException(InvalidEventException.Kind.MALFORMED, "record value is JSON null");
            }
            return parsed;
        } catch (InvalidTypeIdException e) {
            String id = e.getTypeId();
            throw new InvalidEventException(InvalidEventException.Kind.UNKNOWN_TYPE, id == null
                    ? "type: is required"
                    : "type: unknown event type '" + (id.length() > 40 ? id.substring(0, 40) + "..." : id) + "'");
        } catch (DatabindException e) {
            String path = e.getPath().stream()
                    .map(r -> r.getPropertyName() != null ? "." + r.getPropertyName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining()).replaceFirst("^\\.", "");
            throw InvalidEventException.field(path.isEmpty() ? "value" : path, problem(e));
        } catch (JacksonException e) {
            String problem = e.getOriginalMessage().lines().findFirst().orElse("not JSON");
            throw new InvalidEventException(InvalidEventException.Kind.MALFORMED, "malformed JSON: " + problem);
        }
    }

    /**
     * What was wrong, in the sender's terms: the JSON type expected where Jackson's message would
     * name Milk's own classes.
     */
    private static String problem(DatabindException e) {
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            Class<?> type = mismatch.getTargetType();
            if (type == String.class) {
                return "must be a string";
            }
            if (Number.class.isAssignableFrom(type) || type == long.class || type == int.class) {
                return "must be a whole number";
            }
            if (type == Boolean.class || type == boolean.class) {
                return "must be true or false";
            }
            if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
                return "must be an array";
            }
            return "must be an object";
        }
        return e.getOriginalMessage().lines().findFirst().orElse("invalid value");
    }

    public static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }
}
