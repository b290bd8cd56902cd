package dev.milk.media;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Copies in an S3-compatible object store, for media beyond what a database should hold. Objects
 * are named {@code media/<key>}. A store outside the database cannot take part in its transactions,
 * so deletions are queued in {@code media_deletion} with the transaction that orphans the copies,
 * and carried out by the writers' copy job; a copy made again meanwhile takes its key out of the
 * queue first.
 */
public final class S3MediaStore implements MediaStore, AutoCloseable {

    private static final int DELETIONS_PER_ROUND = 1_000;

    private final S3Client s3;
    private final String bucket;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    /**
     * @param jdbc         the writer's database, for the deletion queue; null for a store that only reads
     * @param transactions the writer's transactions; null with {@code jdbc}
     */
    public S3MediaStore(MediaProperties.S3 settings, JdbcTemplate jdbc, TransactionTemplate transactions) {
        var builder = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(settings.region())).forcePathStyle(settings.pathStyle());
        if (!settings.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        builder.credentialsProvider(settings.accessKey().isBlank() ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())));
        this.s3 = builder.build();
        this.bucket = settings.bucket();
        this.jdbc = jdbc;
        this.transactions = transactions;
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            s3.close();
            throw new IllegalArgumentException("MILK_MEDIA_S3_BUCKET: bucket '" + bucket + "' cannot be used ("
                    + e.statusCode() + " " + e.awsErrorDetails().errorMessage() + ")", e);
        }
    }

    @Override
    public void put(String key, String contentType, byte[] bytes) {
        s3.putObject(p -> p.bucket(bucket).key(object(key)).contentType(contentType), RequestBody.fromBytes(bytes));
    }

    @Override
    public Optional<Media> get(String key) {
        try {
            ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(g -> g.bucket(bucket).key(object(key)));
            return Optional.of(new Media(object.response().contentType(), object.asByteArray()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(Collection<String> keys) {
        if (!keys.isEmpty()) {
            jdbc.update("INSERT INTO media_deletion (media_key) SELECT unnest(?::text[]) ON CONFLICT DO NOTHING",
                    (Object) keys.toArray(String[]::new));
        }
    }

    /**
     * Deletes queued copies a round at a time, each round in one transaction: the queue's rows are
     * locked while their objects go, and removed only when they are gone. A key referred to again
     * since it was queued is kept.
     */
    @Override
    public void deleteQueued() {
        for (int deleted = DELETIONS_PER_ROUND; deleted == DELETIONS_PER_ROUND; ) {
            Integer round = transactions.execute(status -> {
                List<String> queued = jdbc.queryForList("""
                        SELECT media_key FROM media_deletion ORDER BY queued_at LIMIT ? FOR UPDATE SKIP LOCKED""",
                        String.class, DELETIONS_PER_ROUND);
                List<String> orphans = MediaReferences.unreferenced(jdbc, queued);
                if (!orphans.isEmpty()) {
                    s3.deleteObjects(d -> d.bucket(bucket).delete(Delete.builder().quiet(true)
                            .objects(orphans.stream().map(k -> ObjectIdentifier.builder().key(object(k)).build()).toList())
                            .build()));
                }
                jdbc.update("DELETE FROM media_deletion WHERE media_key = ANY (?)", (Object) queued.toArray(String[]::new));
                return queued.size();
            });
            deleted = round == null ? 0 : round;
        }
    }

    private static String object(String key) {
        return "media/" + key;
    }

    @Override
    public void close() {
        s3.close();
    }
}
