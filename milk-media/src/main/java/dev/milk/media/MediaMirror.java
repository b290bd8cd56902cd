package dev.milk.media;

/**
 * Where the copier downloads a link's file from when not from the link itself: a mirror of Discord's
 * CDN, as the standalone demo runs one, since its archive names Discord's links (emoji and stickers
 * have no other) but must be copied without a network. The copy is still filed under the link, so
 * pages find it as any other, and the mirror's address passes every check a link's does: https, an
 * allowed host, an allowed address. No bean of this type: each link is fetched as it is.
 */
@FunctionalInterface
public interface MediaMirror {

    /** @return the address to download {@code link}'s file from */
    String of(String link);
}
