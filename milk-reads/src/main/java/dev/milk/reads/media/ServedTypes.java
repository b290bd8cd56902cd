package dev.milk.reads.media;

import java.util.Set;

/**
 * What a copy is served as. Its type was read from its bytes when it was made; only kinds a
 * browser shows without running anything are served as themselves, everything else (HTML, SVG,
 * scripts, archives, documents) as a download of bytes.
 */
public final class ServedTypes {

    public static final String DOWNLOAD = "application/octet-stream";
    private static final Set<String> IMAGES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp", "image/avif");
    private static final Set<String> PLAYABLE = Set.of("video/mp4", "video/webm", "video/quicktime", "audio/mpeg",
            "audio/ogg", "audio/wav", "audio/vnd.wave", "audio/x-wav", "audio/flac", "audio/x-flac", "audio/mp4");

    private ServedTypes() {
    }

    public static boolean isImage(String contentType) {
        return contentType != null && IMAGES.contains(contentType);
    }

    /** The type a copy is answered with: its own when harmless, else {@value #DOWNLOAD}. */
    public static String served(String contentType) {
        if (isImage(contentType) || PLAYABLE.contains(contentType) || "text/plain".equals(contentType)) {
            return contentType;
        }
        return DOWNLOAD;
    }

    /** Whether a browser may show it in place; the others are saved, not opened. */
    public static boolean inline(String contentType) {
        return isImage(contentType) || PLAYABLE.contains(contentType);
    }
}
