package dev.milk.writes.forget;

import java.util.HashSet;
import java.util.Set;

/**
 * The users forgotten so far, each in one guild or in every guild: what a batch's records are
 * checked against, so a record arriving after its author's forget is stored forgotten.
 */
public final class Forgotten {

    /** @param guildId null: every guild */
    private record Scope(long userId, Long guildId) {
    }

    private final Set<Scope> scopes = new HashSet<>();

    /** @param guildId null: every guild */
    public void add(long userId, Long guildId) {
        scopes.add(new Scope(userId, guildId));
    }

    /** @param guildId the guild of the archive or raid, null while an archive's creation has not arrived */
    public boolean covers(long userId, Long guildId) {
        return scopes.contains(new Scope(userId, null)) || guildId != null && scopes.contains(new Scope(userId, guildId));
    }

    public boolean isEmpty() {
        return scopes.isEmpty();
    }
}
