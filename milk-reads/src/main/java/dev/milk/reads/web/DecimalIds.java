package dev.milk.reads.web;

/**
 * Ids and cursors that are positive decimal numbers (Discord snowflakes, row ids): a bad one is
 * refused with a 400 naming its parameter, never echoed.
 */
public final class DecimalIds {

    private DecimalIds() {
    }

    /** @return null when {@code value} is absent or empty */
    public static Long optional(String value, String name) {
        return value == null || value.isEmpty() ? null : required(value, name);
    }

    public static long required(String value, String name) {
        if (value == null || value.isEmpty() || value.length() > 19 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new BadRequestException(name + " must be a positive decimal id of at most 19 digits");
        }
        long id;
        try {
            id = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " is larger than any id");
        }
        if (id <= 0) {
            throw new BadRequestException(name + " must be a positive decimal id of at most 19 digits");
        }
        return id;
    }
}
