package dev.milk.reads.archive;

/** Where Discord serves a sticker's image. */
final class Stickers {

    private Stickers() {
    }

    /** Null for a Lottie sticker: it is an animation script, which a page without JavaScript shows by name. */
    static String imageUrl(MessageParts.Sticker sticker) {
        if ("lottie".equals(sticker.format())) {
            return null;
        }
        // The id is a checked snowflake: digits only.
        return "https://media.discordapp.net/stickers/" + sticker.id() + ("gif".equals(sticker.format()) ? ".gif" : ".png")
                + "?size=160";
    }
}
