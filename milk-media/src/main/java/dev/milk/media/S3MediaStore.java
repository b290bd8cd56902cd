package dev.milk.media;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * Copies in an S3-compatible object store, for media beyond what a database should hold. Objects
 * are named {@code media/<key>} and read as the object's stream, from where a range starts. A new
 * copy goes to a temporary file as it is downloaded (its name, its SHA-256, is known only at the
 * end), then up in one streamed PUT: the SDK's own HTTP client would hold the whole body in memory
 * first, so the PUT is presigned by the SDK and sent by the JDK's client, straight from the file.
 * Every request has a deadline, {@code MILK_MEDIA_TIMEOUT}: to connect, and to be answered (a
 * whole upload included; a download's body is paced by whoever reads it, each read bounded). A
 * store outside the database cannot take part in its transactions, so no transaction ever waits
 * for it: uploads happen before the row that refers to the copy is recorded, and deletions are
 * queued in {@code media_deletion} by the transaction that orphans the copies and carried out by
 * the writers' {@link #sweep}, each under its copy's lock, which only copiers and sweeps take, and
 * only try; a copy referred to again meanwhile keeps its key.
 */
public final class S3MediaStore implements MediaStore, AutoCloseable {

    private static final int DELETIONS_PER_ROUND = 1_000;

    private final S3Client s3;
    private final S3Presigner presigner;
    private final HttpClient uploads;
    private final Duration timeout;
    /** The deadline of a request answered in full at once; a download's is its connection's and its reads'. */
    private final Consumer<AwsRequestOverrideConfiguration.Builder> deadline;
    private final String bucket;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    /**
     * @param timeout      each request's, to connect and to be answered ({@code MILK_MEDIA_TIMEOUT})
     * @param jdbc         the writer's database, for the deletion queue; null for a store that only reads
     * @param transactions the writer's transactions; null with {@code jdbc}
     */
    public S3MediaStore(MediaProperties.S3 settings, Duration timeout, JdbcTemplate jdbc,
            TransactionTemplate transactions) {
        Region region = Region.of(settings.region());
        AwsCredentialsProvider credentials = settings.accessKey().isBlank() ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
        var http = UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout).build();
        var builder = S3Client.builder().httpClient(http).region(region)
                .credentialsProvider(credentials).forcePathStyle(settings.pathStyle());
        var presigns = S3Presigner.builder().region(region).credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
        if (!settings.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
            presigns.endpointOverride(URI.create(settings.endpoint()));
        }
        this.s3 = builder.build();
        this.presigner = presigns.build();
        this.uploads = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
        this.deadline = o -> o.apiCallTimeout(timeout);
        this.bucket = settings.bucket();
        this.jdbc = jdbc;
        this.transactions = transactions;
        try {
            s3.headBucket(b -> b.bucket(bucket).overrideConfiguration(deadline));
        } catch (S3Exception e) {
            close();
            throw new IllegalArgumentException("MILK_MEDIA_S3_BUCKET: bucket '" + bucket + "' cannot be used ("
                    + e.statusCode() + " " + e.awsErrorDetails().errorMessage() + ")", e);
        } catch (SdkException e) {
            close();
            throw new IllegalArgumentException("MILK_MEDIA_S3_ENDPOINT: the store cannot be reached (" + e.getMessage()
                    + ")", e);
        }
    }

    @Override
    public Optional<Copy> find(String key) throws IOException {
        try {
            HeadObjectResponse head = s3.headObject(h -> h.bucket(bucket).key(object(key)).overrideConfiguration(deadline));
            return Optional.of(new Copy(head.contentType(), head.contentLength()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw new IOException("the store answered " + e.statusCode() + " for the copy " + key, e);
        } catch (SdkException e) {
            throw new IOException("could not reach the store for the copy " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(String key, long from) throws IOException {
        try {
            return s3.getObject(g -> g.bucket(bucket).key(object(key)).range(from > 0 ? "bytes=" + from + "-" : null));
        } catch (NoSuchKeyException e) {
            throw new Gone("no copy has the key " + key);
        } catch (SdkException e) {
            throw new IOException("could not read the copy " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public MediaUpload upload() throws IOException {
        return new FileUpload(Files.createTempFile("milk-copy-", ".part"));
    }

    private final class FileUpload extends MediaUpload {

        private final Path file;
        private final OutputStream out;

        FileUpload(Path file) throws IOException {
            this.file = file;
            this.out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        @Override
        public void keep(String key, String contentType, long size) throws IOException {
            PresignedPutObjectRequest put = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(10))
                    .putObjectRequest(o -> o.bucket(bucket).key(object(key)).contentType(contentType)));
            var request = HttpRequest.newBuilder(put.httpRequest().getUri()).timeout(timeout)
                    .PUT(HttpRequest.BodyPublishers.ofFile(file));
            put.signedHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("host")) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            try {
                HttpResponse<String> answer = uploads.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    throw new IOException("the store answered " + answer.statusCode() + " to the copy's upload: "
                            + answer.body().lines().findFirst().orElse(""));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while uploading the copy", e);
            }
        }

        @Override
        public void discard() {
            try {
                out.close();
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file left behind goes with the container's temporary folder
            }
        }
    }

    /**
     * Queues them all, without their locks nor a look at their references: the sweep looks, under
     * the locks, when it comes to them. So the transaction (an ingest's) waits for no sweep, whose
     * calls to the store hold those locks; and two removals of a copy's last two references at
     * once cannot each leave the copy to the other.
     */
    @Override
    public void release(Collection<String> keys) {
        if (!keys.isEmpty()) {
            jdbc.update("""
                    INSERT INTO media_deletion (media_key) SELECT DISTINCT k FROM unnest(?::text[]) AS k WHERE k IS NOT NULL
                    ON CONFLICT DO NOTHING""", (Object) keys.toArray(String[]::new));
        }
    }

    /**
     * Deletes queued copies a round at a time, each round in one transaction holding the queued
     * rows (locked, not deleted, until after the store's answer: an ingest queuing one of them
     * again waits for no row lock) and the copies' locks, which nothing waits for: a copy referred
     * to again since it was queued is kept, and one being recorded right now (its lock taken) is
     * left queued for the next round.
     */
    @Override
    public void sweep() {
        for (boolean more = true; more; ) {
            Boolean full = transactions.execute(status -> {
                List<String> queued = jdbc.queryForList("""
                        SELECT media_key FROM media_deletion ORDER BY queued_at LIMIT ? FOR UPDATE SKIP LOCKED""",
                        String.class, DELETIONS_PER_ROUND);
                List<String> locked = MediaLocks.tryLock(jdbc, queued);
                List<String> orphans = MediaReferences.unreferenced(jdbc, locked);
                if (!orphans.isEmpty()) {
                    s3.deleteObjects(d -> d.bucket(bucket).overrideConfiguration(deadline).delete(Delete.builder().quiet(true)
                            .objects(orphans.stream().map(k -> ObjectIdentifier.builder().key(object(k)).build()).toList())
                            .build()));
                }
                jdbc.update("DELETE FROM media_deletion WHERE media_key = ANY (?)", (Object) locked.toArray(String[]::new));
                return queued.size() == DELETIONS_PER_ROUND && locked.size() == queued.size();
            });
            more = Boolean.TRUE.equals(full);
        }
    }

    private static String object(String key) {
        return "media/" + key;
    }

    @Override
    public void close() {
        presigner.close();
        uploads.close();
        s3.close();
    }
}
