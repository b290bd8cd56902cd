package dev.milk.event;

/** Kafka header names shared by every Milk protocol. */
public final class EventHeaders {

    /** Set by the sender of a request; Milk copies it into {@link #IN_REPLY_TO} of the reply. */
    public static final String MESSAGE_ID = "message-id";

    public static final String IN_REPLY_TO = "in-reply-to";

    private EventHeaders() {
    }
}
