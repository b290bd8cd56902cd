package dev.milk.media;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Discord's CDN: where it serves what a message shows by id alone (custom emoji and stickers), and
 * the only outside hosts a reader's browser may load an image from. Discord learns nothing from
 * that it did not already know; any other host would learn who reads an archive, and when.
 */
public final class DiscordCdn {

    /** The CDN's hosts, each served over https on its default port. */
    public static final List<String> HOSTS = List.of("cdn.discordapp.com", "media.discordapp.net");

    /**
     * The size an archive page asks for a message author's avatar, and so the one link of it Milk
     * copies: pages draw it at 40 CSS pixels, 80 covers screens of two device pixels to one, and
     * Discord serves it at a few KB.
     */
    public static final int AVATAR_SIZE = 80;

    /** Discord's avatar hashes: 32 hex digits, {@code a_} first when animated. */
    private static final Pattern AVATAR_HASH = Pattern.compile("\\w{1,64}");

    private DiscordCdn() {
    }

    /**
     * @param hash the user's avatar hash, which the bot sends as it is: anything but letters,
     *             digits and {@code _} (a path, a query) makes no link
     * @return the avatar's link, or null without a hash or with one that is not
     */
    public static String avatar(long userId, String hash, int size) {
        if (hash == null || !AVATAR_HASH.matcher(hash).matches()) {
            return null;
        }
        return "https://cdn.discordapp.com/avatars/" + userId + "/" + hash + ".png?size=" + size;
    }

    /** @param id a checked snowflake: digits only */
    public static String emoji(String id, boolean animated) {
        return "https://cdn.discordapp.com/emojis/" + id + (animated ? ".gif" : ".png") + "?size=48";
    }

    /**
     * @param roleId a checked snowflake: digits only
     * @param hash   the role icon's hash: anything but letters, digits and {@code _} makes no link
     */
    public static String roleIcon(String roleId, String hash) {
        if (roleId == null || hash == null || !AVATAR_HASH.matcher(hash).matches()) {
            return null;
        }
        return "https://cdn.discordapp.com/role-icons/" + roleId + "/" + hash + ".png?size=40";
    }

    /**
     * The badge of a server tag.
     *
     * @param guildId a checked snowflake: digits only
     */
    public static String tagBadge(String guildId, String badge) {
        if (guildId == null || badge == null || !AVATAR_HASH.matcher(badge).matches()) {
            return null;
        }
        return "https://cdn.discordapp.com/guild-tag-badges/" + guildId + "/" + badge + ".png?size=32";
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
