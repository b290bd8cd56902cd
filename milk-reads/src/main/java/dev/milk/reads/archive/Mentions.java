package dev.milk.reads.archive;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The users, roles and channels an archive names, by id: what a mention reads as. Writers keep
 * the first naming of each (authors included) in {@code archive_mention}; a page asks only for
 * the ones its messages mention.
 */
final class Mentions {

    /** @param color a role's colour (RGB), or null */
    record Named(String name, String avatarHash, Integer color) {
    }

    /** The ids a set of texts mentions, per kind. */
    record Referenced(Set<Long> users, Set<Long> roles, Set<Long> channels) {

        boolean isEmpty() {
            return users.isEmpty() && roles.isEmpty() && channels.isEmpty();
        }
    }

    static final Mentions NONE = new Mentions(Map.of(), Map.of(), Map.of());
    private static final Pattern MENTION = Pattern.compile("<(@!?|@&|#)(\\d{1,19})>");

    private final Map<Long, Named> users;
    private final Map<Long, Named> roles;
    private final Map<Long, Named> channels;

    Mentions(Map<Long, Named> users, Map<Long, Named> roles, Map<Long, Named> channels) {
        this.users = users;
        this.roles = roles;
        this.channels = channels;
    }

    static Referenced referenced(List<ArchivedMessage> messages) {
        var found = new Referenced(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
        for (ArchivedMessage m : messages) {
            for (String text : m.texts()) {
                Matcher matcher = MENTION.matcher(text);
                while (matcher.find()) {
                    long id;
                    try {
                        id = Long.parseLong(matcher.group(2));
                    } catch (NumberFormatException e) {
                        continue;   // 19 digits past a long: no such id, it reads as unknown
                    }
                    switch (matcher.group(1)) {
                        case "@&" -> found.roles().add(id);
                        case "#" -> found.channels().add(id);
                        default -> found.users().add(id);
                    }
                }
            }
        }
        return found;
    }

    Named user(long id) {
        return users.get(id);
    }

    Named role(long id) {
        return roles.get(id);
    }

    Named channel(long id) {
        return channels.get(id);
    }

    Map<Long, Named> users() {
        return users;
    }

    Map<Long, Named> roles() {
        return roles;
    }

    Map<Long, Named> channels() {
        return channels;
    }

    /**
     * These names, and where they know nothing, the page's own: its authors (archives written
     * before names were kept) and the archive's channel.
     */
    Mentions withFallbacks(List<ArchivedMessage> messages, Long channelId, String channelName) {
        Map<Long, Named> u = new HashMap<>();
        messages.forEach(m -> u.putIfAbsent(m.authorId(), new Named(m.authorName(), m.authorAvatarHash(), null)));
        u.putAll(users);
        Map<Long, Named> c = new HashMap<>();
        if (channelId != null && channelName != null) {
            c.put(channelId, new Named(channelName, null, null));
        }
        c.putAll(channels);
        return new Mentions(u, roles, c);
    }
}
