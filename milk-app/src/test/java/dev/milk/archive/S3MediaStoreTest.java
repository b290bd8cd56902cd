package dev.milk.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.MilkApplication;
import dev.milk.MilkEndToEndTest;
import dev.milk.client.MilkArchiveClient;
import dev.milk.client.MilkClientSettings;
import dev.milk.processes.S3ProxyProcess;
import dev.milk.testing.TestDatabase;
import dev.milk.testing.TestKafka;
import dev.milk.testing.TestPostgres;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Copies kept in an S3-compatible store: s3proxy, a real server, as its own process, and a Milk of
 * its own (role all, its own database and topics) with {@code MILK_MEDIA_STORE=s3}.
 */
class S3MediaStoreTest extends MilkEndToEndTest {

    private static final String BUCKET = "milk-media";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    private static S3ProxyProcess s3proxy;
    private static S3Client s3;
    private static ConfigurableApplicationContext milk;
    private static String topic;

    @BeforeAll
    static void startS3AndMilk() throws Exception {
        s3proxy = new S3ProxyProcess(Files.createDirectories(dir.resolve("s3proxy")));
        s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .endpointOverride(URI.create(s3proxy.endpoint())).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        S3ProxyProcess.ACCESS_KEY, S3ProxyProcess.SECRET_KEY))).build();
        s3.createBucket(b -> b.bucket(BUCKET));
        TestDatabase db = TestPostgres.anotherDatabase();
        topic = "s3-archives-" + UUID.randomUUID();
        // Command-line arguments: they outrank the system properties the shared test infrastructure sets.
        milk = new SpringApplicationBuilder(MilkApplication.class).run(
                "--milk.role=all", "--milk.http.port=0", "--milk.writes.group-id=" + topic,
                "--milk.writes.archive.topic=" + topic, "--milk.writes.raid.topic=" + topic + "-raids",
                "--milk.database.url=" + db.url(), "--milk.database.username=" + db.username(),
                "--milk.database.password=" + (db.password() == null ? "" : db.password()),
                "--milk.media.store=s3", "--milk.media.s3.endpoint=" + s3proxy.endpoint(),
                "--milk.media.s3.bucket=" + BUCKET, "--milk.media.s3.path-style=true",
                "--milk.media.s3.access-key=" + S3ProxyProcess.ACCESS_KEY,
                "--milk.media.s3.secret-key=" + S3ProxyProcess.SECRET_KEY);
    }

    @AfterAll
    static void stopMilkAndS3() {
        if (milk != null) {
            milk.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (s3proxy != null) {
            s3proxy.close();
        }
    }

    @Test
    void copiesGoToTheBucketAreServedFromItAndLeaveItWithTheirMessages() throws Exception {
        try (var bot = new MilkArchiveClient(MilkClientSettings.archives(TestKafka.bootstrapServers()).withTopic(topic))) {
            JdbcTemplate jdbc = milk.getBean(JdbcTemplate.class);
            int milkPort = milkPort();
            CdnStandIn cdn = CdnStandIn.shared();
            String archiveId = Archives.newId();
            String publicId = bot.create(Archives.created(archiveId, null)).get();
            bot.addMessages(archiveId, List.of(
                    Archives.message(0, "a photo", null, List.of(new ArchiveMessage.Attachment("1", "photo.png",
                            "image/png", 1_000L, cdn.fixture("photo.png"))), List.of()),
                    Archives.message(1, "a clip", null, List.of(new ArchiveMessage.Attachment("2", "clip.mp4",
                            "video/mp4", 1_000L, cdn.fixture("clip.mp4"))), List.of()))).get();
            eventually(() -> stored(jdbc, archiveId) == 2, "both copied");

            List<String> keys = jdbc.queryForList("""
                    SELECT media_key FROM archive_media m JOIN archive a ON a.id = m.archive_id
                    WHERE a.internal_id = ? ORDER BY message_id""", String.class, archiveId);
            assertThat(objects()).contains("media/" + keys.get(0), "media/" + keys.get(1));
            assertThat(jdbc.queryForObject("SELECT count(*) FROM media_blob", Integer.class))
                    .as("nothing in PostgreSQL's store").isZero();
            HttpResponse<byte[]> photo = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + milkPort
                    + "/media/" + keys.get(0) + "/photo.png")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(photo.statusCode()).isEqualTo(200);
            assertThat(photo.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(photo.body()).startsWith(0x89, 'P', 'N', 'G');
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + milkPort + "/archive/"
                    + publicId)).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .contains("src=\"/media/" + keys.get(0) + "/photo.png\"");

            bot.redact(archiveId, List.of(Archives.message(0).id()), "privacy", "500").get();
            eventually(() -> !objects().contains("media/" + keys.get(0)) && objects().contains("media/" + keys.get(1))
                    && jdbc.queryForObject("SELECT count(*) FROM media_deletion", Integer.class) == 0,
                    "the removed message's copy left the bucket, and the queue");
            bot.delete(archiveId, "takedown").get();
            eventually(() -> !objects().contains("media/" + keys.get(1)), "the takedown took the other copy");
        }
    }

    /** The same race as {@link CopyRaceTest}'s, with deletions queued and carried out by the writers' job. */
    @Test
    void aCopyRemovedWhileAnotherArchiveRecordsItStaysForThatArchive() throws Exception {
        assertThat(new CopyRace(milk, milkPort()).run(100)).isEmpty();
    }

    private static int milkPort() {
        return Integer.parseInt(milk.getEnvironment().getProperty("local.server.port"));
    }

    private static int stored(JdbcTemplate jdbc, String archiveId) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM archive_media m JOIN archive a ON a.id = m.archive_id
                WHERE a.internal_id = ? AND state = 'stored'""", Integer.class, archiveId);
    }

    private static List<String> objects() {
        return s3.listObjectsV2(l -> l.bucket(BUCKET)).contents().stream().map(S3Object::key).toList();
    }
}
