package dev.milk.reads.archive;

/** Discord's system messages (a join, a pin, a boost, ...): one line after the author's name, as Discord words it. */
final class SystemMessages {

    private SystemMessages() {
    }

    /** What the author did, said after their name; null for an ordinary message or a reply. */
    static String action(ArchivedMessage m) {
        if (m.type() == null) {
            return null;
        }
        return switch (m.type()) {
            case "join" -> "joined the server.";
            case "pin" -> "pinned a message to this channel.";
            case "boost" -> "just boosted the server!";
            case "boost_tier_1", "boost_tier_2", "boost_tier_3" ->
                    "just boosted the server! The server has achieved Level " + m.type().charAt(m.type().length() - 1) + "!";
            case "thread_created" -> "started a thread: " + (m.thread() != null ? m.thread().name() : m.content());
            case "channel_name_change" -> "changed the channel name: " + m.content();
            case "channel_follow" -> "has added " + m.content() + " to this channel.";
            case "call" -> "started a call.";
            default -> null;
        };
    }

    /** The whole line, for the transcript; null for an ordinary message. */
    static String text(ArchivedMessage m) {
        String action = action(m);
        return action == null ? null : m.authorName() + " " + action;
    }
}
