package dev.milk.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.milk.MilkEndToEndTest;
import dev.milk.media.MediaLocks;
import dev.milk.media.MediaStore;
import dev.milk.media.MediaUpload;
import dev.milk.media.PostgresMediaStore;
import dev.milk.writes.media.StoredCopies;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Copies served as a video player and a cache ask for them: streamed whole, in byte ranges
 * ({@code Range}, {@code If-Range}, {@code 416}), revalidated from the key alone, and a copy the
 * previous release kept whole served the same way before and after the writers move it into parts.
 */
class MediaServingTest extends MilkEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Over two parts and a half, so ranges cross parts. */
    private static final int SIZE = 700_000;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    @Qualifier("writerMediaStore")
    MediaStore store;
    @Autowired
    MeterRegistry meters;

    @Test
    void aCopyOfThePreviousReleaseIsServedInRangesMovedIntoPartsAndDeletedWithItsLastReference() throws Exception {
        previousReleasesCopy(bytes(), false);
    }

    /** PostgreSQL compresses a value it can: moved by reading it whole once, inside PostgreSQL, its parts the same. */
    @Test
    void aCompressedCopyOfThePreviousReleaseIsMovedWhole() throws Exception {
        byte[] text = new byte[SIZE];
        byte[] line = "<path d=\"M10 10 L20 20\" fill=\"#00ff00\"/>\n".getBytes(StandardCharsets.US_ASCII);
        var random = new Random(ThreadLocalRandom.current().nextLong());
        for (int i = 0; i < SIZE; i++) {
            text[i] = i % 997 == 0 ? (byte) ('a' + random.nextInt(26)) : line[i % line.length];
        }
        previousReleasesCopy(text, true);
    }

    private void previousReleasesCopy(byte[] bytes, boolean compressed) throws Exception {
        String key = sha256(bytes);
        long archive = publicArchive();
        // As the previous release's writer keeps a copy: whole, in media_blob.
        jdbc.update("INSERT INTO media_blob (media_key, content_type, size, bytes) VALUES (?, 'video/mp4', ?, ?)",
                key, bytes.length, bytes);
        jdbc.update("""
                INSERT INTO archive_media (archive_id, message_id, url, kind, state, media_key, content_type, size)
                VALUES (?, 1, 'https://cdn.discordapp.com/x.mp4', 'attachment', 'stored', ?, 'video/mp4', ?)""",
                archive, key, bytes.length);
        servedWholeAndInRanges(key, bytes);
        assertThat(jdbc.queryForObject("SELECT pg_column_compression(bytes) IS NOT NULL FROM media_blob WHERE media_key = ?",
                Boolean.class, key)).as("compressed by PostgreSQL").isEqualTo(compressed);

        var postgres = (PostgresMediaStore) store;
        postgres.moveWholeCopies();
        postgres.moveWholeCopies();
        assertThat(jdbc.queryForList("""
                SELECT count(p.part) FROM media_object o JOIN media_part p ON p.object_id = o.id
                WHERE o.media_key = ? GROUP BY o.id""", Integer.class, key)).as("parts of the moved copy, moved once")
                .containsExactly(3);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM media_blob WHERE media_key = ?", Integer.class, key))
                .as("kept whole too, for the previous release's readers").isOne();
        servedWholeAndInRanges(key, bytes);
        assertThat(jdbc.queryForObject("SELECT pg_column_compression(bytes) IS NOT NULL FROM media_blob WHERE media_key = ?",
                Boolean.class, key)).as("compressed by PostgreSQL").isEqualTo(compressed);

        transactions.executeWithoutResult(status -> new StoredCopies(jdbc, store).forget(archive, new Long[] {1L}));
        assertThat(copy(key, "").statusCode()).isEqualTo(404);
        assertThat(jdbc.queryForObject("""
                SELECT (SELECT count(*) FROM media_blob WHERE media_key = ?) + (SELECT count(*) FROM media_object
                WHERE media_key = ?)""", Integer.class, key, key)).as("left in either table").isZero();
    }

    @Test
    void aCopyWrittenAsItArrivesIsServedWholeAndInRanges() throws Exception {
        byte[] bytes = bytes();
        String key = sha256(bytes);
        long archive = publicArchive();
        MediaUpload upload = store.upload();
        for (int from = 0; from < bytes.length; from += 10_000) {
            upload.write(bytes, from, Math.min(10_000, bytes.length - from));
        }
        upload.close();
        transactions.executeWithoutResult(status -> {
            jdbc.update("""
                    INSERT INTO archive_media (archive_id, message_id, url, kind, state, media_key, content_type, size)
                    VALUES (?, 1, 'https://cdn.discordapp.com/y.mp4', 'attachment', 'stored', ?, 'video/mp4', ?)""",
                    archive, key, bytes.length);
            assertThat(MediaLocks.tryLock(jdbc, java.util.List.of(key))).containsExactly(key);
            try {
                upload.keep(key, "video/mp4", bytes.length);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        upload.discard();
        servedWholeAndInRanges(key, bytes);

        // Revalidation and HEAD answer from the key and the size: with the bytes gone, they still do.
        jdbc.update("DELETE FROM media_part WHERE object_id = (SELECT id FROM media_object WHERE media_key = ?)", key);
        HttpResponse<byte[]> current = copy(key, "If-None-Match", "\"" + key + "\"");
        assertThat(current.statusCode()).isEqualTo(304);
        assertThat(current.body()).isEmpty();
        HttpResponse<byte[]> head = send(HttpRequest.newBuilder(uri(key)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
        assertThat(head.headers().firstValue("ETag")).hasValue("\"" + key + "\"");
        transactions.executeWithoutResult(status -> new StoredCopies(jdbc, store).forget(archive, new Long[] {1L}));
        assertThat(copy(key, "If-None-Match", "\"" + key + "\"").statusCode()).as("once deleted, not current").isEqualTo(404);
    }

    /**
     * A copy whose bytes are gone before its first byte is sent is a 404, not a 200 that declares a
     * length and sends nothing; one deleted while it is being sent ends in a broken transfer, never
     * in a body that looks whole, and is counted.
     */
    @Test
    void aCopyGoneBeforeItsFirstByteIsNotFoundAndOneDeletedMidwayBreaksTheTransfer() throws Exception {
        String before = store(bytes());
        jdbc.update("DELETE FROM media_part WHERE object_id = (SELECT id FROM media_object WHERE media_key = ?)", before);
        HttpResponse<byte[]> gone = send(HttpRequest.newBuilder(uri(before)).timeout(Duration.ofSeconds(30)));
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.headers().firstValue("ETag")).as("no validator of a copy it is not").isEmpty();
        assertThat(new String(gone.body(), StandardCharsets.UTF_8)).isEqualTo("404 Not Found: no copy has this key\n");

        // Larger than every buffer between the store and a reader that stopped reading: parts are fetched as they are sent.
        byte[] large = new byte[16 << 20];
        new Random(ThreadLocalRandom.current().nextLong()).nextBytes(large);
        String midway = store(large);
        Counter failed = meters.get("milk.reads.errors").tag("kind", "stream-failed").counter();
        double failedBefore = failed.count();
        try (var socket = new Socket()) {
            socket.setReceiveBufferSize(16 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET /media/" + midway + "/clip.mp4 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = head(in);
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("Content-Length: " + large.length);
            in.readNBytes(64 * 1024);
            jdbc.update("DELETE FROM media_part WHERE object_id = (SELECT id FROM media_object WHERE media_key = ?)", midway);
            long received = 64 * 1024 + in.transferTo(OutputStream.nullOutputStream());
            assertThat(received).as("the connection closed before the declared length").isLessThan(large.length);
        }
        eventually(() -> failed.count() - failedBefore == 1, "the broken answer counted as stream-failed");
    }

    /** A copy written as a writer writes one, referred to by a stored row: its key. */
    private String store(byte[] bytes) throws Exception {
        String key = sha256(bytes);
        long archive = publicArchive();
        MediaUpload upload = store.upload();
        upload.write(bytes, 0, bytes.length);
        upload.close();
        upload.keep(key, "video/mp4", bytes.length);
        upload.discard();
        jdbc.update("""
                INSERT INTO archive_media (archive_id, message_id, url, kind, state, media_key, content_type, size)
                VALUES (?, 1, 'https://cdn.discordapp.com/z.mp4', 'attachment', 'stored', ?, 'video/mp4', ?)""",
                archive, key, bytes.length);
        return key;
    }

    private static String head(InputStream in) throws IOException {
        var head = new StringBuilder();
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.append((char) b);
            if (head.toString().endsWith("\r\n\r\n")) {
                return head.toString();
            }
        }
        throw new EOFException("the connection ended in the answer's head: " + head);
    }

    private void servedWholeAndInRanges(String key, byte[] bytes) throws Exception {
        String etag = "\"" + key + "\"";
        HttpResponse<byte[]> whole = copy(key, "");
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
        assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(whole.headers().firstValue("ETag")).hasValue(etag);
        assertThat(whole.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(sha256(whole.body())).isEqualTo(key);

        assertRange(key, bytes, "bytes=262100-262200", 262_100, 262_200);   // across the first two parts
        assertRange(key, bytes, "bytes=-100", SIZE - 100, SIZE - 1);
        assertRange(key, bytes, "bytes=699990-", 699_990, SIZE - 1);
        assertRange(key, bytes, "bytes=0-0", 0, 0);

        HttpResponse<byte[]> beyond = copy(key, "Range", "bytes=" + SIZE + "-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */" + SIZE);

        HttpResponse<byte[]> two = copy(key, "Range", "bytes=0-9,600000-600009");
        assertThat(two.statusCode()).isEqualTo(206);
        assertThat(two.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("multipart/byteranges"));
        String multipart = new String(two.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(multipart).contains("Content-Range: bytes 0-9/" + SIZE, "Content-Range: bytes 600000-600009/" + SIZE,
                new String(Arrays.copyOfRange(bytes, 600_000, 600_010), java.nio.charset.StandardCharsets.ISO_8859_1));

        HttpResponse<byte[]> stale = copy(key, "Range", "bytes=0-9", "If-Range", "\"another\"");
        assertThat(stale.statusCode()).as("If-Range naming another version: the whole copy").isEqualTo(200);
        assertThat(stale.body()).hasSize(SIZE);
        HttpResponse<byte[]> dated = copy(key, "Range", "bytes=0-9", "If-Range", "Wed, 21 Oct 2015 07:28:00 GMT");
        assertThat(dated.statusCode()).as("If-Range with a date: the whole copy").isEqualTo(200);
        assertThat(copy(key, "Range", "bytes=0-9", "If-Range", etag).statusCode()).isEqualTo(206);
        assertThat(copy(key, "Range", "bytes=9-0").statusCode()).as("a Range that does not parse is ignored").isEqualTo(200);
        assertThat(copy(key, "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(copy(key, "Range", "bytes=0-9", "If-None-Match", etag).statusCode()).isEqualTo(304);
    }

    private void assertRange(String key, byte[] bytes, String range, int first, int last) throws Exception {
        HttpResponse<byte[]> part = copy(key, "Range", range);
        assertThat(part.statusCode()).as(range).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).as(range)
                .hasValue("bytes " + first + "-" + last + "/" + SIZE);
        assertThat(part.body()).as(range).isEqualTo(Arrays.copyOfRange(bytes, first, last + 1));
    }

    private HttpResponse<byte[]> copy(String key, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(uri(key));
        if (headers.length > 1) {
            request.headers(headers);
        }
        return send(request);
    }

    private URI uri(String key) {
        return URI.create("http://127.0.0.1:" + port + "/media/" + key + "/clip.mp4");
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] bytes() {
        byte[] bytes = new byte[SIZE];
        new Random(ThreadLocalRandom.current().nextLong()).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** The row id of a new public archive: a copy is served to whoever may read an archive holding it. */
    private long publicArchive() throws Exception {
        String publicId = archives.create(Archives.created(Archives.newId(), null)).get();
        return jdbc.queryForObject("SELECT id FROM archive WHERE public_id = ?", Long.class, publicId);
    }
}
