package dev.milk.reads.archive;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

import dev.milk.reads.web.Pages;

/**
 * Discord's system messages (a join, a pin, a boost, AutoMod, a raid report, ...): one line, as
 * Discord words it, after the author's name or, for the server's own notices, alone. A type Milk
 * does not know, by number or by a name from a later writer, is a neutral line naming it, never an
 * error.
 */
final class SystemMessages {

    /** Types shown as ordinary messages: a reply, a command's answer, a thread's first message. */
    private static final Set<String> ORDINARY = Set.of("default", "reply", "chat_input_command",
            "context_menu_command", "thread_starter_message");

    /**
     * @param action     what is said after the author's name, or the whole line when not {@code named}
     * @param named      the line starts with the author's name
     * @param possessive the action continues the name ({@code 's poll ...}), without a space
     */
    record Line(String action, boolean named, boolean possessive) {

        /** The line in words: the transcript's, and a preview's. */
        String text(String authorName) {
            return !named ? action : possessive ? authorName + action : authorName + " " + action;
        }
    }

    private SystemMessages() {
    }

    /** What the author did, said after their name; null for an ordinary message or a reply. */
    static String action(ArchivedMessage m) {
        Line line = line(m);
        return line == null ? null : line.action();
    }

    /** The whole line, for the transcript; null for an ordinary message. */
    static String text(ArchivedMessage m) {
        Line line = line(m);
        return line == null ? null : line.text(m.authorName());
    }

    /** @return null for an ordinary message */
    static Line line(ArchivedMessage m) {
        String type = m.type();
        if (type == null || ORDINARY.contains(type)) {
            return null;
        }
        String said = said(m, type);
        if (said != null) {
            return new Line(said, true, false);
        }
        String notice = notice(type);
        if (notice != null) {
            return new Line(notice, false, false);
        }
        return switch (type) {
            case "auto_moderation_action" -> new Line(autoModeration(m), false, false);
            case "poll_result" -> new Line("'s poll " + quoted(m.systemDetails().pollResult() == null ? null
                    : m.systemDetails().pollResult().question()) + "has closed.", true, true);
            default -> new Line(type.chars().allMatch(Character::isDigit)
                    ? "sent a message of Discord's type " + type + ", which Milk does not show."
                    : "sent a message of a type Milk does not show (" + type + ").", true, false);
        };
    }

    /** What the author did, for the types that say it after their name; null for the others. */
    private static String said(ArchivedMessage m, String type) {
        return switch (type) {
            case "join" -> "joined the server.";
            case "pin" -> "pinned a message to this channel.";
            case "boost" -> "just boosted the server!";
            case "boost_tier_1", "boost_tier_2", "boost_tier_3" ->
                    "just boosted the server! The server has achieved Level " + type.charAt(type.length() - 1) + "!";
            case "thread_created" -> "started a thread: " + (m.thread() != null ? m.thread().name() : m.content());
            case "channel_name_change" -> "changed the channel name: " + m.content();
            case "channel_follow" -> "has added " + m.content() + " to this channel.";
            case "call" -> "started a call.";
            case "recipient_add" -> "added someone to the group.";
            case "recipient_remove" -> "removed someone from the group.";
            case "channel_icon_change" -> "changed the channel icon.";
            case "role_subscription_purchase" -> "joined a role subscription.";
            case "interaction_premium_upsell" -> "offered an upgrade to premium.";
            case "stage_start" -> "started " + m.content() + ".";
            case "stage_end" -> "ended " + m.content() + ".";
            case "stage_speaker" -> "is now a speaker.";
            case "stage_raise_hand" -> "requested to speak.";
            case "stage_topic" -> "changed the Stage topic: " + m.content();
            case "guild_application_premium_subscription" -> "upgraded an app to premium for this server!";
            case "guild_incident_alert_mode_enabled" -> "enabled security actions" + until(m.content()) + ".";
            case "guild_incident_alert_mode_disabled" -> "disabled security actions.";
            case "guild_incident_report_raid" -> "reported a raid in this server.";
            case "guild_incident_report_false_alarm" -> "reported a false alarm in this server.";
            case "purchase_notification" -> "made a purchase.";
            default -> null;
        };
    }

    /** The server's own notices, said by no one. */
    private static String notice(String type) {
        return switch (type) {
            case "guild_discovery_disqualified" ->
                    "This server has been removed from Server Discovery because it no longer passes all the requirements.";
            case "guild_discovery_requalified" -> "This server is eligible for Server Discovery again and has been relisted.";
            case "guild_discovery_grace_period_initial_warning" ->
                    "This server has failed Discovery activity requirements for 1 week.";
            case "guild_discovery_grace_period_final_warning" ->
                    "This server has failed Discovery activity requirements for 3 weeks in a row.";
            case "guild_invite_reminder" -> "Invite your friends: this server is ready for them.";
            default -> null;
        };
    }

    private static String autoModeration(ArchivedMessage m) {
        MessageParts.AutoModeration a = m.systemDetails().autoModeration();
        String outcome = a != null && "flagged".equals(a.decisionOutcome()) ? "flagged" : "blocked";
        String channel = a == null ? null : a.channelName() != null ? "#" + a.channelName()
                : a.channelId() != null ? "a channel" : null;
        return "AutoMod has " + outcome + " a message" + (channel == null ? "." : " in " + channel + ".");
    }

    /** Discord sends when security actions end as the message's content, an ISO time. */
    private static String until(String content) {
        if (content == null || content.isBlank()) {
            return "";
        }
        try {
            return " until " + Pages.minute(Instant.parse(content.strip()));
        } catch (DateTimeParseException e) {
            return "";
        }
    }

    private static String quoted(String text) {
        return text == null ? "" : "“" + text + "” ";
    }
}
