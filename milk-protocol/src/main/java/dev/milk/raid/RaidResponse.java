package dev.milk.raid;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Milk's answer to one request. {@code acknowledged} is false when Milk refused the request; then
 * {@code error} says why and {@code publicId} may be null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RaidResponse(String publicId, boolean acknowledged, String error) {

    public static RaidResponse accepted(String publicId) {
        return new RaidResponse(publicId, true, null);
    }

    public static RaidResponse refused(String publicId, String error) {
        return new RaidResponse(publicId, false, error);
    }
}
