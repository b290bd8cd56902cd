package dev.milk.wire;

import java.util.Optional;
import java.util.Set;

import org.apache.kafka.common.header.Headers;

/**
 * Why Milk leaves a record alone: it is not stored, not dead-lettered, only counted. Decided from
 * the key and headers alone, by the rules of the generation the headers speak.
 */
public enum SkipReason {

    /** A reply ({@code <key>-response} or {@code <key>.response}): never a request, Milk's own included. */
    REPLY("reply"),

    /** Aimed at other clusters (generation 1) or other services (generation 2). */
    ELSEWHERE("aimed-elsewhere"),

    /** Sent by Milk itself. */
    OWN("own");

    private final String tag;

    SkipReason(String tag) {
        this.tag = tag;
    }

    /** The metric tag. */
    public String tag() {
        return tag;
    }

    /**
     * {@code target-instances} is not consulted: Milk's writers share one consumer group, so work
     * is split between them rather than addressed to one.
     *
     * @return why Milk must not act on the record, or empty when it is for Milk
     */
    public static Optional<SkipReason> of(String key, Headers headers, BrokerIdentity milk) {
        if (Generation.anyReplyKey(key)) {
            return Optional.of(REPLY);
        }
        Generation generation = Caller.of(headers).map(Caller::generation).orElse(null);
        if (generation == Generation.WATER) {
            return judge(BrokerHeaders.list(headers, BrokerHeaders.TARGET_CLUSTERS), milk.clusterId(),
                    BrokerHeaders.text(headers, BrokerHeaders.SOURCE_CLUSTER));
        }
        if (generation == Generation.LATTE) {
            return judge(BrokerHeaders.list(headers, BrokerHeaders.TARGET_SERVICES), milk.service(),
                    BrokerHeaders.text(headers, BrokerHeaders.SOURCE_SERVICE));
        }
        return Optional.empty();
    }

    private static Optional<SkipReason> judge(Set<String> targets, String milk, String source) {
        if (!targets.isEmpty() && !targets.contains(milk)) {
            return Optional.of(ELSEWHERE);
        }
        return milk.equals(source) ? Optional.of(OWN) : Optional.empty();
    }
}
