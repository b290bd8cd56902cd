package dev.milk.reads.access;

/** A logged-in reader the page's visibility does not admit: a 403 naming the guild, and nothing of the page. */
public final class AccessMissingException extends RuntimeException {

    private final Long guildId;

    public AccessMissingException(Long guildId) {
        super("you are logged in, but have no access to this in "
                + (guildId == null ? "its guild" : "guild " + guildId), null, false, false);
        this.guildId = guildId;
    }

    public Long guildId() {
        return guildId;
    }
}
