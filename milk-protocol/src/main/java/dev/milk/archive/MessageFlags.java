package dev.milk.archive;

/** Discord's message flags that change how Milk shows a message (the others are stored, not shown). */
public final class MessageFlags {

    /** Discord shows no embeds of the message's links. */
    public static final int SUPPRESS_EMBEDS = 1 << 2;
    /** Only the user who used the command saw it, until the bot's answer was archived. */
    public static final int EPHEMERAL = 1 << 6;
    /** Sent without notifying anyone ({@code @silent}). */
    public static final int SUPPRESS_NOTIFICATIONS = 1 << 12;
    /** Its one attachment is a voice message, with a duration and a waveform. */
    public static final int IS_VOICE_MESSAGE = 1 << 13;
    /** The message is its components: no content, no embeds. */
    public static final int IS_COMPONENTS_V2 = 1 << 15;

    private MessageFlags() {
    }

    public static boolean has(Integer flags, int flag) {
        return flags != null && (flags & flag) != 0;
    }
}
