package dev.milk.media;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Discord's CDN: where it serves what a message shows by id alone (custom emoji and stickers), and
 * the only outside hosts a reader's browser may load an image from. Discord learns nothing from
 * that it did not already know; any other host would learn who reads an archive, and when.
 */
public final class DiscordCdn {

    /** The CDN's hosts, each served over https on its default port. */
    public static final List<String> HOSTS = List.of("cdn.discordapp.com", "media.discordapp.net");

    private DiscordCdn() {
    }

    /** @param id a checked snowflake: digits only */
    public static String emoji(String id, boolean animated) {
        return "https://cdn.discordapp.com/emojis/" + id + (animated ? ".gif" : ".png") + "?size=48";
    }

    /**
     * @param id     a checked snowflake: digits only
     * @return null for a Lottie sticker: an animation script, which a page without JavaScript shows by name
     */
    public static String sticker(String id, String format) {
        if ("lottie".equals(format)) {
            return null;
        }
        return "https://media.discordapp.net/stickers/" + id + ("gif".equals(format) ? ".gif" : ".png") + "?size=160";
    }

    /** Whether {@code url} is an https address on one of the CDN's {@link #HOSTS}, as a browser would reach it. */
    public static boolean serves(String url) {
        try {
            URI uri = new URI(url);
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getRawUserInfo() == null
                    && (uri.getPort() == -1 || uri.getPort() == 443) && uri.getHost() != null
                    && HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT));
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
