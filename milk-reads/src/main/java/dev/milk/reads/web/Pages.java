package dev.milk.reads.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;

/**
 * The one place for what every HTML page shares: templates (precompiled at build time from
 * {@code src/main/jte}, so no compiler runs in production), avatars and dates.
 */
public final class Pages {

    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);
    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Pages() {
    }

    /** Renders {@code src/main/jte/<template>} with its one parameter. */
    public static String render(String template, Object model, int capacity) {
        var out = new HtmlOutput(capacity);
        TEMPLATES.render(template, model, out);
        return out.toString();
    }

    /** Discord's CDN: the user's avatar, or the default one Discord derives from the user id. */
    public static String avatar(long userId, String avatarHash, int size) {
        return avatarHash != null
                ? "https://cdn.discordapp.com/avatars/" + userId + "/" + avatarHash + ".png?size=" + size
                : "https://cdn.discordapp.com/embed/avatars/" + ((userId >>> 22) % 6) + ".png";
    }

    /** {@code 2025-11-23 12:00 UTC}: when a message was sent or an archive made. */
    public static String minute(Instant instant) {
        return MINUTE.format(instant);
    }

    /** {@code 2025-11-23 12:00:00}: when an account joined, in tables headed "(UTC)". */
    public static String second(Instant instant) {
        return SECOND.format(instant);
    }
}
