package dev.milk.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Copies kept in an S3-compatible store: s3proxy, a real server, as its own process, reached
 * through a proxy that can make it hang, fail or go away ({@link StallingProxy}), and a Milk of
 * its own (role all, its own database and topics) with {@code MILK_MEDIA_STORE=s3} and a
 * {@code MILK_MEDIA_TIMEOUT} of {@value #TIMEOUT_SECONDS} s.
 */
class S3MediaStoreTest extends MilkEndToEndTest {

    private static final String BUCKET = "milk-media";
    private static final int TIMEOUT_SECONDS = 10;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    private static S3ProxyProcess s3proxy;
    private static StallingProxy store;
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
        store = new StallingProxy(URI.create(s3proxy.endpoint()).getPort());
        TestDatabase db = TestPostgres.anotherDatabase();
        topic = "s3-archives-" + UUID.randomUUID();
        // Command-line arguments: they outrank the system properties the shared test infrastructure sets.
        milk = new SpringApplicationBuilder(MilkApplication.class).run(
                "--milk.role=all", "--milk.http.port=0", "--milk.writes.group-id=" + topic,
                "--milk.writes.archive.topic=" + topic, "--milk.writes.raid.topic=" + topic + "-raids",
                "--milk.database.url=" + db.url(), "--milk.database.username=" + db.username(),
                "--milk.database.password=" + (db.password() == null ? "" : db.password()),
                "--milk.media.store=s3", "--milk.media.s3.endpoint=" + store.endpoint(),
                "--milk.media.timeout=" + TIMEOUT_SECONDS + "s",
                "--milk.media.s3.bucket=" + BUCKET, "--milk.media.s3.path-style=true",
                "--milk.media.s3.access-key=" + S3ProxyProcess.ACCESS_KEY,
                "--milk.media.s3.secret-key=" + S3ProxyProcess.SECRET_KEY);
    }

    @AfterEach
    void storeWorksAgain() {
        store.reset();
    }

    @AfterAll
    static void stopMilkAndS3() throws IOException {
        if (store != null) {
            store.close();   // first: a hung request ends with it
        }
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

    /**
     * The store hangs on uploads: a removal of a message whose copy is being uploaded commits at
     * once (the upload holds no lock the ingest waits for), and the other message's upload gives up
     * after MILK_MEDIA_TIMEOUT and is made on a later attempt; so does a takedown.
     */
    @Test
    void aRemovalCommitsWhileTheStoreHangsAndTheUploadIsTriedAgainLater() throws Exception {
        try (var bot = new MilkArchiveClient(MilkClientSettings.archives(TestKafka.bootstrapServers()).withTopic(topic))) {
            JdbcTemplate jdbc = milk.getBean(JdbcTemplate.class);
            store.hold(line -> line.startsWith("PUT "));
            int abandonedBefore = store.abandoned();
            String archiveId = Archives.newId();
            String publicId = bot.create(Archives.created(archiveId, null)).get();
            // One event: both files queued at once, so copied (and hung) at once.
            bot.addMessages(archiveId, List.of(withFile(0, archiveId), withFile(1, archiveId))).get();
            eventually(() -> store.held() == 2, "both uploads reached the store, which hangs");

            bot.redact(archiveId, List.of(Archives.message(0).id()), "privacy", "500").get();
            eventually(() -> rows(jdbc, archiveId) == 1 && JSON.readTree(get("/archive/" + publicId + ".json").body())
                    .path("messages").path("data").path(0).path("removed").isObject(), "the removal committed");
            assertThat(store.held()).as("uploads still hanging when the removal committed").isEqualTo(2);

            eventually(() -> store.abandoned() - abandonedBefore == 2, "both uploads given up after "
                    + TIMEOUT_SECONDS + " s");
            store.reset();
            eventually(() -> stored(jdbc, archiveId) == 1, "the other message's copy made on a later attempt");
            assertThat(jdbc.queryForObject("""
                    SELECT attempts FROM archive_media m JOIN archive a ON a.id = m.archive_id WHERE a.internal_id = ?""",
                    Integer.class, archiveId)).isEqualTo(2);
            JsonNode media = JSON.readTree(get("/archive/" + publicId + ".json").body())
                    .get("messages").get("data").get(1).get("media").get(0);
            assertThat(get(media.get("copyUrl").asString()).statusCode()).isEqualTo(200);

            store.hold(line -> line.startsWith("PUT "));
            String takenDown = Archives.newId();
            String takenDownPublicId = bot.create(Archives.created(takenDown, null)).get();
            bot.addMessages(takenDown, List.of(withFile(0, takenDown))).get();
            eventually(() -> store.held() == 1, "the upload reached the store, which hangs");
            bot.delete(takenDown, "takedown").get();
            eventually(() -> get("/archive/" + takenDownPublicId).statusCode() == 410 && rows(jdbc, takenDown) == 0,
                    "the takedown committed");
            assertThat(store.held()).as("the upload still hanging when the takedown committed").isEqualTo(1);
        }
    }

    /** A store's own error (its XML names the bucket and the request) is logged; visitors read a short reason. */
    @Test
    void aStoreFailureShowsVisitorsOnlyAShortReason() throws Exception {
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InternalError</Code><Message>We"
                + " encountered an internal error.</Message><BucketName>" + BUCKET + "</BucketName>"
                + "<RequestId>4442587FB7D0A2F9</RequestId></Error>";
        store.answer(line -> line.startsWith("PUT "), "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/xml"
                + "\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        try (var bot = new MilkArchiveClient(MilkClientSettings.archives(TestKafka.bootstrapServers()).withTopic(topic))) {
            JdbcTemplate jdbc = milk.getBean(JdbcTemplate.class);
            String archiveId = Archives.newId();
            String publicId = bot.create(Archives.created(archiveId, null)).get();
            bot.addMessages(archiveId, List.of(withFile(0, archiveId))).get();
            eventually(() -> "failed".equals(jdbc.queryForObject("""
                    SELECT max(state) FROM archive_media m JOIN archive a ON a.id = m.archive_id WHERE a.internal_id = ?""",
                    String.class, archiveId)), "the copy given up");

            String page = get("/archive/" + publicId).body();
            assertThat(page).contains("not copied: Milk could not store the copy; the link may no longer open")
                    .doesNotContain("RequestId", "4442587FB7D0A2F9", "InternalError", "answered 500");
            JsonNode media = JSON.readTree(get("/archive/" + publicId + ".json").body())
                    .get("messages").get("data").get(0).get("media").get(0);
            assertThat(media.get("error").asString()).isEqualTo("Milk could not store the copy");
        }
    }

    /** Reads answer 503 with Retry-After while the store is out of reach, as while the database is. */
    @Test
    void aCopyIsAnswered503WhileTheStoreIsOutOfReach() throws Exception {
        try (var bot = new MilkArchiveClient(MilkClientSettings.archives(TestKafka.bootstrapServers()).withTopic(topic))) {
            JdbcTemplate jdbc = milk.getBean(JdbcTemplate.class);
            String archiveId = Archives.newId();
            bot.create(Archives.created(archiveId, null)).get();
            bot.addMessages(archiveId, List.of(withFile(0, archiveId))).get();
            eventually(() -> stored(jdbc, archiveId) == 1, "copied");
            String path = "/media/" + jdbc.queryForObject("""
                    SELECT media_key FROM archive_media m JOIN archive a ON a.id = m.archive_id WHERE a.internal_id = ?""",
                    String.class, archiveId) + "/x.png";
            assertThat(get(path).statusCode()).isEqualTo(200);
            double before = storeErrors();

            store.down(true);
            HttpResponse<String> unavailable = get(path);
            assertThat(unavailable.statusCode()).isEqualTo(503);
            assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(unavailable.body()).isEqualTo("503 Service Unavailable: the copy cannot be read right now, try again shortly\n");
            assertThat(storeErrors() - before).isEqualTo(1);

            store.down(false);
            assertThat(get(path).statusCode()).isEqualTo(200);
        }
    }

    private static double storeErrors() {
        Counter counter = milk.getBean(MeterRegistry.class).find("milk.reads.errors").tag("kind", "media-store").counter();
        return counter == null ? 0 : counter.count();
    }

    /** A message with a file of its own (bytes no other test has), named after its archive. */
    private static ArchiveMessage withFile(int n, String archiveId) {
        String name = "noise-" + Math.floorMod(archiveId.hashCode(), 1_000_000) + n + ".png";
        return Archives.message(n, "a file", null, List.of(new ArchiveMessage.Attachment(Integer.toString(n), name,
                "image/png", 30_000L, CdnStandIn.shared().fixture(name))), List.of());
    }

    private static int rows(JdbcTemplate jdbc, String archiveId) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM archive_media m JOIN archive a ON a.id = m.archive_id WHERE a.internal_id = ?""",
                Integer.class, archiveId);
    }

    private static HttpResponse<String> get(String path) {
        return get(milkPort(), path);
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
