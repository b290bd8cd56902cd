package dev.milk.media;

/** Where Discord's CDN serves what a message shows by id alone: custom emoji and stickers. */
public final class DiscordCdn {

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
}
