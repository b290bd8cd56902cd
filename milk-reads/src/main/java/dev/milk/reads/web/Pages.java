package dev.milk.reads.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.TemplateException;

import dev.milk.media.DiscordCdn;

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

    private static final Pattern DISCORD_DEFAULT_AVATAR =
            Pattern.compile("https://cdn\\.discordapp\\.com/embed/avatars/([0-5])\\.png(?:\\?[\\w=&]*)?");

    private Pages() {
    }

    /** Renders {@code src/main/jte/<template>} with its one parameter. */
    public static String render(String template, Object model, int capacity) {
        var out = new HtmlOutput(capacity);
        TEMPLATES.render(template, model, out);
        return out.toString();
    }

    /**
     * Renders {@code src/main/jte/<template>} into {@code out} as it goes, for a page too large to
     * hold (the offline export): a {@link gg.jte.Content} parameter may stream its part.
     */
    public static void render(String template, Object model, Writer out) throws IOException {
        var html = new HtmlOutput(out);
        try {
            TEMPLATES.render(template, model, html);
            html.passOn();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (TemplateException e) {
            // A streamed part's own failure (the reader gone, the database out of reach) is not the template's.
            switch (e.getCause()) {
                case UncheckedIOException io -> throw io.getCause();
                case RuntimeException failure -> throw failure;
                case null, default -> throw e;
            }
        }
    }

    /**
     * The user's avatar from Discord's CDN, or, without one, Milk's own copy of the default avatar
     * Discord derives from the user id: a page needs no CDN for it. One that fails to load shows a
     * default avatar too (milk.css).
     */
    public static String avatar(long userId, String avatarHash, int size) {
        String link = DiscordCdn.avatar(userId, avatarHash, size);
        return link != null ? link : defaultAvatar((int) ((userId >>> 22) % 6));
    }

    /**
     * Milk's own copy of a Discord default avatar when {@code url} is one (an embed's icon often
     * is), else null.
     */
    public static String defaultAvatar(String url) {
        Matcher m = DISCORD_DEFAULT_AVATAR.matcher(url);
        return m.matches() ? defaultAvatar(Integer.parseInt(m.group(1))) : null;
    }

    private static String defaultAvatar(int n) {
        return "/assets/avatars/" + n + ".svg";
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
