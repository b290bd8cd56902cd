package dev.milk.dce.format;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * DCE's names of message kinds beside Milk's types. DCE names the kinds it knows ({@code
 * MessageKind}) and writes any other as Discord's number, as .NET prints an enum value it has no
 * name for: Milk's boosts and channel follows travel as {@code "8"} to {@code "12"}.
 */
public final class DceKinds {

    private static final Map<String, String> TO_MILK = Map.ofEntries(
            Map.entry("Default", "default"), Map.entry("Reply", "reply"), Map.entry("GuildMemberJoin", "join"),
            Map.entry("ChannelPinnedMessage", "pin"), Map.entry("ThreadCreated", "thread_created"),
            Map.entry("ChannelNameChange", "channel_name_change"), Map.entry("Call", "call"),
            Map.entry("8", "boost"), Map.entry("9", "boost_tier_1"), Map.entry("10", "boost_tier_2"),
            Map.entry("11", "boost_tier_3"), Map.entry("12", "channel_follow"));
    /** The same pairs the other way: each of Milk's types has one kind. */
    private static final Map<String, String> TO_DCE = TO_MILK.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey));

    private DceKinds() {
    }

    /**
     * @return Milk's type of DCE's kind, null for an ordinary message and for a kind Milk has no
     *         type for (kept as an ordinary message with DCE's sentence for it as its content)
     */
    public static String milkType(String kind) {
        String type = kind == null ? null : TO_MILK.get(kind.strip());
        return "default".equals(type) ? null : type;
    }

    /** @return DCE's kind of Milk's type ({@code Default} for null or a type DCE has no name for) */
    public static String dceKind(String type) {
        return type == null ? "Default" : TO_DCE.getOrDefault(type, "Default");
    }
}
