package dev.milk.reads.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

import org.springframework.http.HttpHeaders;

/**
 * Gzip as the page cache makes it: once, at the best level, for a kept page (both forms are kept
 * and sent as they are, Content-Length and a tag of their own included); per request, at the
 * default level, for any other answer it holds.
 *
 * <p>Not Boot's {@code server.compression} for the live answers either: Tomcat's compression
 * leaves alone every answer with a strong ETag (each live raid and archive page has one), sends
 * what it compresses chunked where this declares its length, and would compress the streamed
 * transcripts and CSVs this hands on as they come.
 */
final class Compression {

    /** Under this, gzip's header and the CPU cost more than the bytes saved. */
    static final int FROM_BYTES = 1_024;

    private Compression() {
    }

    static boolean compressible(String contentType, int length) {
        return length >= FROM_BYTES && contentType != null
                && (contentType.startsWith("text/") || contentType.startsWith("application/json")
                        || contentType.startsWith("application/yaml"));
    }

    /** {@code gzip} (or {@code *}) listed in {@code Accept-Encoding}, and not refused with {@code q=0}. */
    static boolean accepted(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.split(";");
            String name = parts[0].strip();
            if (name.equalsIgnoreCase("gzip") || name.equals("*")) {
                for (int i = 1; i < parts.length; i++) {
                    String parameter = parts[i].strip().replace(" ", "");
                    if (parameter.matches("q=0(\\.0{0,3})?")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** The {@code Vary} of an answer that has a gzip form: {@code existing} with {@code Accept-Encoding}. */
    static String vary(String existing) {
        return existing == null || existing.isBlank() ? HttpHeaders.ACCEPT_ENCODING
                : existing.contains(HttpHeaders.ACCEPT_ENCODING) ? existing : existing + ", " + HttpHeaders.ACCEPT_ENCODING;
    }

    /** {@code body} gzipped at {@code level} into {@code into}; null when it has no room for them. */
    static byte[] gzip(byte[] body, int level, HeldBytes into) {
        try (var zip = new GZIPOutputStream(into.stream(), 8_192) {
            {
                def.setLevel(level);
            }
        }) {
            zip.write(body);
        } catch (HeldBytes.NoRoom e) {
            into.release();
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return into.whole();
    }
}
