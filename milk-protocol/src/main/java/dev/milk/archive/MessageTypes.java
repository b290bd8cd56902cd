package dev.milk.archive;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Discord's message types by number, and the names an {@link ArchiveMessage#type()} gives them:
 * Discord's own names in lower case, except the first contract's shorter ones ({@code pin},
 * {@code join}, {@code boost}, {@code channel_follow}, {@code thread_created}).
 */
public final class MessageTypes {

    /** The highest type number a message may carry: Discord's field is a small integer. */
    public static final int MAX_NUMBER = 255;

    private static final Map<Integer, String> NAMES = build();

    private MessageTypes() {
    }

    /** Every named type, by Discord's number, in order. */
    public static Map<Integer, String> names() {
        return NAMES;
    }

    private static Map<Integer, String> build() {
        Map<Integer, String> names = new LinkedHashMap<>();
        String[] first = {"default", "recipient_add", "recipient_remove", "call", "channel_name_change",
            "channel_icon_change", "pin", "join", "boost", "boost_tier_1", "boost_tier_2", "boost_tier_3",
            "channel_follow"};
        for (int i = 0; i < first.length; i++) {
            names.put(i, first[i]);
        }
        names.put(14, "guild_discovery_disqualified");
        names.put(15, "guild_discovery_requalified");
        names.put(16, "guild_discovery_grace_period_initial_warning");
        names.put(17, "guild_discovery_grace_period_final_warning");
        names.put(18, "thread_created");
        names.put(19, "reply");
        names.put(20, "chat_input_command");
        names.put(21, "thread_starter_message");
        names.put(22, "guild_invite_reminder");
        names.put(23, "context_menu_command");
        names.put(24, "auto_moderation_action");
        names.put(25, "role_subscription_purchase");
        names.put(26, "interaction_premium_upsell");
        names.put(27, "stage_start");
        names.put(28, "stage_end");
        names.put(29, "stage_speaker");
        names.put(30, "stage_raise_hand");
        names.put(31, "stage_topic");
        names.put(32, "guild_application_premium_subscription");
        names.put(36, "guild_incident_alert_mode_enabled");
        names.put(37, "guild_incident_alert_mode_disabled");
        names.put(38, "guild_incident_report_raid");
        names.put(39, "guild_incident_report_false_alarm");
        names.put(44, "purchase_notification");
        names.put(46, "poll_result");
        return Collections.unmodifiableMap(names);
    }

    /** The name of Discord's type {@code number}, or null when Milk names none. */
    public static String name(int number) {
        return NAMES.get(number);
    }

    public static boolean isName(String type) {
        return NAMES.containsValue(type);
    }
}
