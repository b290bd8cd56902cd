package dev.milk.reads.archive;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.web.util.UriUtils;

import dev.milk.media.CopyFailures;
import dev.milk.media.DiscordCdn;

/**
 * The copies Milk made of a page's media, by the link the message carries: a page loads a copy
 * from Milk once it is stored, the original link before (and says so), and says why when there
 * will be none.
 *
 * @param offline the page is the offline export's: copies are files beside it, {@code media/<file>}
 */
record MediaCopies(Map<String, Copy> byUrl, Map<Long, List<Copy>> byMessage, boolean offline) {

    static final MediaCopies NONE = new MediaCopies(Map.of(), Map.of(), false);

    /**
     * @param state       {@code pending}, {@code stored} or {@code failed}
     * @param contentType what the copy is, read from its bytes; null until stored
     * @param error       why it is not copied (yet): one of the public reasons ({@link CopyFailures}),
     *                    whatever the row holds (an earlier release kept exceptions' messages there)
     */
    record Copy(long messageId, String url, String kind, String state, String key, String contentType, Long size,
            String error) {

        Copy {
            error = CopyFailures.shown(error);
        }

        boolean stored() {
            return "stored".equals(state);
        }
    }

    static MediaCopies of(List<Copy> copies) {
        // One link in several messages (an emoji used again) has one copy: a stored row speaks for all.
        Map<String, Copy> byUrl = copies.stream().collect(Collectors.toMap(Copy::url, Function.identity(),
                (a, b) -> a.stored() ? a : b));
        return new MediaCopies(byUrl, copies.stream().collect(Collectors.groupingBy(Copy::messageId)), false);
    }

    /** The same copies, as the offline export links them. */
    MediaCopies forExport() {
        return new MediaCopies(byUrl, byMessage, true);
    }

    /** Where a page loads {@code url} from: Milk's copy once stored, else the link itself. */
    String src(String url) {
        return src(url, null);
    }

    /** @param filename the name the copy is served under, else the link's own last segment */
    String src(String url, String filename) {
        Copy copy = byUrl.get(url);
        if (copy == null || !copy.stored()) {
            return url;
        }
        if (offline) {
            return ArchiveExport.mediaPath(copy.key(), copy.contentType());
        }
        return "/media/" + copy.key() + "/" + linkName(filename != null ? filename : name(url));
    }

    /**
     * The name as the last segment of a link that reaches {@code /media/{key}/{name}} whatever the
     * name holds: {@code /} and {@code \} (which Tomcat refuses encoded, and would otherwise split
     * the path) and control characters become {@code _}; {@code ;} is encoded, or it would start a
     * path parameter and cut the name; {@code .} and {@code ..} alone, which a browser resolves
     * away, and an empty name become {@code file}. The name only says what a download is saved as.
     */
    static String linkName(String name) {
        String safe = name.codePoints().map(c -> c == '/' || c == '\\' || Character.isISOControl(c) ? '_' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        if (safe.isEmpty() || safe.equals(".") || safe.equals("..")) {
            safe = "file";
        }
        return UriUtils.encodePathSegment(safe, StandardCharsets.UTF_8).replace(";", "%3B");
    }

    /**
     * Whether a reader's browser may load {@code src} (from {@link #src}): Milk's own copy or
     * Discord's CDN. Any other host would learn each reader's address; the page links to it instead.
     */
    boolean loadable(String src) {
        return src.startsWith(offline ? "media/" : "/media/") || DiscordCdn.serves(src);
    }

    Copy of(String url) {
        return byUrl.get(url);
    }

    List<Copy> ofMessage(long messageId) {
        return byMessage.getOrDefault(messageId, List.of());
    }

    private static String name(String url) {
        String path = url.replaceFirst("[?#].*$", "");
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.isEmpty() ? "file" : last;
    }
}
