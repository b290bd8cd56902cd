package dev.milk.writes.archive;

/**
 * A user, role or channel an archive names: kept once per archive so that every page shows names
 * instead of ids. Authors are users too.
 *
 * @param kind {@link #USER}, {@link #ROLE} or {@link #CHANNEL}
 */
record Mention(char kind, long id, String name, String avatarHash, Integer color) {

    static final char USER = 'u';
    static final char ROLE = 'r';
    static final char CHANNEL = 'c';
}
