package dev.milk.writes.event;

import java.util.Collection;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;

import dev.milk.wire.EventJson;

/** Reads record values with the protocol's mapping, turning every failure into a dead-letter reason. */
public final class EventReader {

    private EventReader() {
    }

    /** Reads a record value, turning every parse failure into a reason that names the field. */
    public static <T> T read(byte[] value, Class<T> type) {
        if (value == null || value.length == 0) {
            throw new InvalidEventException(InvalidEventException.Kind.MALFORMED, "record has no value");
        }
        try {
            T parsed = EventJson.mapper().readValue(value, type);
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
            if (Collection.class.isAssignableFrom(type) || type.isArray()) {
                return "must be an array";
            }
            return "must be an object";
        }
        return e.getOriginalMessage().lines().findFirst().orElse("invalid value");
    }

}
