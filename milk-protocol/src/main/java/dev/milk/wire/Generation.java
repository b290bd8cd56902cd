package dev.milk.wire;

/** The two wire generations of Beemo's broker library; a request's headers say which it speaks. */
public enum Generation {

    /** The TypeScript library the original Milk used: {@code request-id}, replies on {@code <key>-response}. */
    WATER(1, "-response"),

    /** The JVM library's RPC: {@code message-id}, replies on {@code <key>.response}. */
    LATTE(2, ".response");

    private final int number;
    private final String replySuffix;

    Generation(int number, String replySuffix) {
        this.number = number;
        this.replySuffix = replySuffix;
    }

    /** 1 or 2, as docs/events.md and the metrics name them. */
    public int number() {
        return number;
    }

    public String replyKey(String requestKey) {
        return (requestKey == null ? "" : requestKey) + replySuffix;
    }

    /** Whether a record key is this generation's reply key. */
    public boolean isReplyKey(String key) {
        return key != null && key.endsWith(replySuffix);
    }

    /** Whether a record key is some generation's reply key, which is never a request. */
    public static boolean anyReplyKey(String key) {
        return WATER.isReplyKey(key) || LATTE.isReplyKey(key);
    }
}
