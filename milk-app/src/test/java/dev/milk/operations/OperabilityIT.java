package dev.milk.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.milk.processes.MilkProcess;
import dev.milk.testing.TestDatabase;
import dev.milk.testing.TestKafka;
import dev.milk.testing.TestPostgres;
import dev.milk.wire.BrokerHeaders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an operator sees of Milk, on its jar as deployed (role all, JSON logs): after a known
 * workload, {@code /actuator/prometheus} holds the exact counts and the histograms; every metric
 * the dashboard and the alert rules use exists; every log line is JSON and none holds content.
 */
class OperabilityIT {

    private static final Path JAR = Path.of(System.getProperty("milk.jar", "target/milk.jar")).toAbsolutePath();
    private static final Path OPS = Path.of("..", "ops").toAbsolutePath().normalize();
    private static final String RAIDS = "ops-raids";
    private static final String ARCHIVES = "ops-archives";
    /** In every piece of content and every name the workload sends; never in a log line. */
    private static final String SECRET = "Hush" + UUID.randomUUID().toString().substring(0, 8);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TestDatabase database;
    private static MilkProcess milk;
    private static Path log;

    @BeforeAll
    static void runTheWorkload() throws Exception {
        database = TestPostgres.anotherDatabase();
        Path dir = Path.of("target", "operability").toAbsolutePath();
        log = dir.resolve("milk.log");
        Files.deleteIfExists(log);
        milk = MilkProcess.start(JAR, dir, "milk", "all", database.url(), TestKafka.bootstrapServers(),
                List.of("-Xmx384m", "-XX:+UseSerialGC"), Map.of(
                        "MILK_DATABASE_USERNAME", database.username(),
                        "MILK_DATABASE_PASSWORD", database.password() == null ? "" : database.password(),
                        "MILK_LOG_FORMAT", "ecs",
                        "MILK_WRITES_RAID_TOPIC", RAIDS,
                        "MILK_WRITES_ARCHIVE_TOPIC", ARCHIVES,
                        "MILK_WRITES_GROUP_ID", "ops-" + UUID.randomUUID(),
                        "MILK_MEDIA_COPY", "false",
                        // Each request of this test names its own visitor; one visitor is limited.
                        "MILK_READS_TRUSTED_PROXIES", "127.0.0.1/32,::1",
                        "MILK_READS_RATE_LIMIT_PER_SECOND", "0.01",
                        "MILK_READS_RATE_LIMIT_BURST", "2"));
        milk.awaitReady(Duration.ofSeconds(90));

        try (var bot = new KafkaProducer<String, byte[]>(Map.of("bootstrap.servers", TestKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            String raid = "{\"raidId\":\"ops-raid\",\"guildId\":\"1\"";
            bot.send(latte(RAIDS, "create-raid", "{\"request\":" + raid + "}}", "milk"));
            bot.send(latte(RAIDS, "batch-insert-raid-users", "{\"request\":" + raid + ",\"users\":["
                    + user(1) + "," + user(2) + "," + user(3) + "]}}", "milk"));
            bot.send(water(RAIDS, "conclude-raid", "{\"request\":" + raid + ",\"concludedAtMillis\":1763899100000}}"));
            bot.send(latte(RAIDS, "create-raid", "{\"request\":" + raid + "}}", "another-service"));
            bot.send(latte(RAIDS, "create-raid.response", "{\"response\":{\"publicId\":\"x\"}}", "milk"));
            bot.send(latte(RAIDS, "create-raid", "{\"request\": " + SECRET + " not json", "milk"));
            bot.send(plain(RAIDS, "conclude-raid", "{\"request\":" + raid + "}}"));

            bot.send(latte(ARCHIVES, "ops-archive", "{\"type\":\"archive.created\",\"archiveId\":\"ops-archive\","
                    + "\"guildId\":\"1\",\"channelId\":\"2\",\"channelName\":\"" + SECRET + "-channel\",\"reason\":\""
                    + SECRET + " reason\",\"createdBy\":\"3\",\"createdAtMillis\":1763899000000}", "milk"));
            bot.send(plain(ARCHIVES, "ops-archive", "{\"type\":\"archive.messages\",\"archiveId\":\"ops-archive\","
                    + "\"messages\":[" + message(1) + "," + message(2) + "]}"));
            bot.send(plain(ARCHIVES, "ops-archive", "{\"type\":\"archive.sealed\",\"archiveId\":\"ops-archive\","
                    + "\"sealedAtMillis\":1763899900000}"));
            bot.send(plain(ARCHIVES, "ops-archive", "{\"type\":\"archive.whatever\",\"content\":\"" + SECRET + "\"}"));
            bot.flush();
        }
        // Milk's 5 replies travel on the same topics: it reads them too, and leaves them alone.
        Instant deadline = Instant.now().plusSeconds(60);
        while (scrape().sum("milk_events_consumed_total") < 16) {
            assertThat(Instant.now()).as("Milk consumed the workload's 11 records and its 5 replies in time")
                    .isBefore(deadline);
            Thread.sleep(200);
        }
        // The Kafka client makes a partition's lag metric once it fetches from it; Micrometer picks
        // up a client's new metrics once a minute.
        deadline = Instant.now().plusSeconds(90);
        while (scrape().matching("kafka_consumer_fetch_manager_records_lag", "topic", RAIDS).isEmpty()) {
            assertThat(Instant.now()).as("the consumers' lag is exported in time").isBefore(deadline);
            Thread.sleep(1_000);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (milk != null) {
            // For whoever reads a failure: what Milk exported, beside its log.
            Files.writeString(log.resolveSibling("prometheus.txt"), get("/actuator/prometheus", "127.0.0.1").body());
            milk.stop();
        }
    }

    @Test
    void everyRecordIsCountedByTopicActionAndGeneration() throws Exception {
        Scrape metrics = scrape();
        assertThat(count(metrics, "consumed", RAIDS, "create-raid", "2")).isEqualTo(3);
        assertThat(count(metrics, "consumed", RAIDS, "batch-insert-raid-users", "2")).isEqualTo(1);
        assertThat(count(metrics, "consumed", RAIDS, "conclude-raid", "1")).isEqualTo(1);
        assertThat(count(metrics, "consumed", RAIDS, "conclude-raid", "none")).isEqualTo(1);
        assertThat(count(metrics, "consumed", RAIDS, "unknown", "2")).as("a bot's reply and Milk's 3").isEqualTo(4);
        assertThat(count(metrics, "consumed", RAIDS, "unknown", "1")).as("Milk's reply to the conclusion").isEqualTo(1);
        assertThat(metrics.sum("milk_events_consumed_total", "topic", RAIDS)).isEqualTo(11);

        assertThat(count(metrics, "stored", RAIDS, "create-raid", "2")).isEqualTo(1);
        assertThat(count(metrics, "stored", RAIDS, "batch-insert-raid-users", "2")).isEqualTo(1);
        assertThat(count(metrics, "stored", RAIDS, "conclude-raid", "1")).isEqualTo(1);
        assertThat(count(metrics, "stored", RAIDS, "conclude-raid", "none")).isEqualTo(1);
        assertThat(metrics.sum("milk_events_stored_total", "topic", RAIDS)).isEqualTo(4);

        assertThat(metrics.sum("milk_events_skipped_total", "topic", RAIDS, "action", "create-raid", "generation", "2",
                "reason", "aimed-elsewhere")).isEqualTo(1);
        assertThat(metrics.sum("milk_events_skipped_total", "topic", RAIDS, "action", "unknown", "generation", "2",
                "reason", "reply")).isEqualTo(4);
        assertThat(metrics.sum("milk_events_skipped_total", "topic", RAIDS)).isEqualTo(6);
        assertThat(metrics.sum("milk_events_dead_lettered_total", "topic", RAIDS, "action", "create-raid",
                "generation", "2", "reason", "malformed")).isEqualTo(1);
        assertThat(metrics.sum("milk_events_dead_lettered_total", "topic", RAIDS)).isEqualTo(1);

        assertThat(metrics.sum("milk_replies_sent_total", "topic", RAIDS, "action", "create-raid", "generation", "2"))
                .as("the create and the refusal of the malformed one").isEqualTo(2);
        assertThat(metrics.sum("milk_replies_sent_total", "topic", RAIDS, "action", "batch-insert-raid-users",
                "generation", "2")).isEqualTo(1);
        assertThat(metrics.sum("milk_replies_sent_total", "topic", RAIDS, "action", "conclude-raid", "generation", "1"))
                .isEqualTo(1);
        assertThat(metrics.sum("milk_replies_sent_total", "topic", RAIDS)).as("none to a record naming no caller")
                .isEqualTo(4);
        assertThat(metrics.sum("milk_raid_accounts_stored_total")).isEqualTo(3);

        assertThat(count(metrics, "consumed", ARCHIVES, "archive.created", "2")).isEqualTo(1);
        assertThat(count(metrics, "stored", ARCHIVES, "archive.created", "2")).isEqualTo(1);
        assertThat(count(metrics, "stored", ARCHIVES, "archive.messages", "none")).isEqualTo(1);
        assertThat(count(metrics, "stored", ARCHIVES, "archive.sealed", "none")).isEqualTo(1);
        assertThat(metrics.sum("milk_events_consumed_total", "topic", ARCHIVES)).isEqualTo(5);
        assertThat(metrics.sum("milk_events_skipped_total", "topic", ARCHIVES, "reason", "reply")).isEqualTo(1);
        assertThat(metrics.sum("milk_events_dead_lettered_total", "topic", ARCHIVES, "action", "unknown",
                "generation", "none", "reason", "unknown-type")).isEqualTo(1);
        assertThat(metrics.sum("milk_replies_sent_total", "topic", ARCHIVES, "action", "archive.created",
                "generation", "2")).isEqualTo(1);
        assertThat(metrics.sum("milk_archive_messages_stored_total")).isEqualTo(2);
        assertThat(metrics.sum("milk_events_consumed_total"))
                .as("consumed = stored + skipped + dead-lettered, none partly")
                .isEqualTo(metrics.sum("milk_events_stored_total") + metrics.sum("milk_events_skipped_total")
                        + metrics.sum("milk_events_dead_lettered_total"));
    }

    @Test
    void batchesAndPagesHaveLatencyHistogramsAndLagIsTheKafkaClientsOwn() throws Exception {
        String raid = publicId();
        String page = "/raid/" + raid;
        HttpResponse<String> first = get(page, "198.51.100.1");
        assertThat(first.statusCode()).isEqualTo(200);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(get(page, "198.51.100.2").statusCode()).isEqualTo(200);
        assertThat(get(page, "198.51.100.3", "If-None-Match", etag).statusCode()).isEqualTo(304);
        for (int i = 0; i < 3; i++) {
            get("/raid/AAAAAAAAAAAA", "198.51.100.99");
        }

        Scrape metrics = scrape();
        assertThat(metrics.names()).contains("milk_batch_store_seconds_bucket", "milk_batch_replies_seconds_bucket",
                "milk_batch_records_bucket", "http_server_requests_seconds_bucket");
        assertThat(metrics.matching("milk_batch_store_seconds_bucket", "topic", RAIDS)).hasSizeGreaterThan(10);
        assertThat(metrics.sum("milk_batch_records_count", "topic", RAIDS)).isPositive();
        // Served from the kept copy (no Spring MVC), yet filed under its route, never its raw path.
        assertThat(metrics.sum("http_server_requests_seconds_count", "uri", "/raid/{id}", "status", "200")).isEqualTo(2);
        assertThat(metrics.sum("http_server_requests_seconds_count", "uri", "/raid/{id}", "status", "304")).isEqualTo(1);
        assertThat(metrics.matching("http_server_requests_seconds_bucket", "uri", "/raid/{id}")).isNotEmpty();
        assertThat(metrics.samples()).noneMatch(s -> s.labels().getOrDefault("uri", "").contains(raid));
        assertThat(metrics.sum("cache_gets_total", "cache", "pages", "result", "hit")).isEqualTo(2);
        assertThat(metrics.sum("milk_reads_rate_limited_total")).isEqualTo(1);
        assertThat(metrics.matching("kafka_consumer_fetch_manager_records_lag", "topic", RAIDS, "partition", "0"))
                .singleElement().extracting(Scrape.Sample::value).isEqualTo(0.0);
        assertThat(metrics.matching("hikaricp_connections_active", "pool", "milk-reads")).hasSize(1);
        assertThat(metrics.matching("hikaricp_connections_active", "pool", "milk-writes")).hasSize(1);
        assertThat(metrics.sum("milk_readiness", "role", "all")).isEqualTo(1);

        // Prometheus asks for OpenMetrics; before 2.43 it refuses a whole scrape over one exemplar.
        HttpResponse<String> openMetrics = get("/actuator/prometheus", "127.0.0.1", "Accept",
                "application/openmetrics-text; version=1.0.0");
        assertThat(openMetrics.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/openmetrics-text"));
        assertThat(openMetrics.body()).contains("milk_events_consumed_total").doesNotContain(" # {");
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsUseExists() throws Exception {
        Set<String> exported = scrape().names();
        Set<String> used = new TreeSet<>();
        JsonNode dashboard = JsonMapper.shared().readTree(OPS.resolve("grafana/milk.json").toFile());
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            panel.path("targets").forEach(target -> expressions.add(target.get("expr").asString()));
        }
        dashboard.get("templating").get("list").forEach(variable -> {
            if (variable.has("definition")) {
                expressions.add(variable.get("definition").asString());
            }
        });
        expressions.add(Files.readString(OPS.resolve("alerts.yml")));
        assertThat(expressions).hasSizeGreaterThan(20);
        for (String expression : expressions) {
            Set<String> names = metricNames(expression);
            // up is Prometheus's own series of each target's scrapes.
            if (!expression.startsWith("up{")) {
                assertThat(names).as("a Milk metric in %s", expression).isNotEmpty();
            }
            used.addAll(names);
        }
        assertThat(used).as("metrics the dashboard and the alerts use").hasSizeGreaterThan(20);
        assertThat(exported).containsAll(used);
    }

    @Test
    void everyLogLineIsJsonWithRoleAndInstanceAndNoContent() throws Exception {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(lines).hasSizeGreaterThan(10);
        List<JsonNode> batches = new ArrayList<>();
        for (String line : lines) {
            JsonNode entry = JsonMapper.shared().readTree(line);
            assertThat(entry.path("role").asString()).as(line).isEqualTo("all");
            assertThat(entry.path("instance").asString()).as(line).isNotBlank();
            assertThat(entry.path("service").path("name").asString()).as(line).isEqualTo("milk");
            assertThat(line).as("no content, no name").doesNotContainIgnoringCase(SECRET);
            if (entry.path("message").asString().startsWith("batch of ")) {
                batches.add(entry);
            }
        }
        assertThat(batches).as("one line per batch at INFO").isNotEmpty().allSatisfy(batch -> {
            assertThat(batch.path("log").path("level").asString()).isEqualTo("INFO");
            assertThat(batch.path("topic").asString()).isIn(RAIDS, ARCHIVES);
        });
        assertThat(batches.stream().mapToInt(batch -> batch.path("records").asInt()).sum()).isEqualTo(16);
        assertThat(batches).anySatisfy(batch -> assertThat(batch.path("raidIds").asString()).isEqualTo("ops-raid"));
        assertThat(batches).anySatisfy(batch -> assertThat(batch.path("archiveIds").asString()).isEqualTo("ops-archive"));
    }

    private static final Pattern METRIC = Pattern.compile(
            "\\b((?:milk|http_server|kafka_consumer|spring_kafka|hikaricp|cache|jvm|process)_[a-z0-9_]+)");

    private static Set<String> metricNames(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher metric = METRIC.matcher(expression);
        while (metric.find()) {
            names.add(metric.group(1));
        }
        return names;
    }

    private static double count(Scrape metrics, String what, String topic, String action, String generation) {
        return metrics.sum("milk_events_" + what + "_total", "topic", topic, "action", action, "generation", generation);
    }

    private static String publicId() throws Exception {
        try (var db = DriverManager.getConnection(database.url(), database.username(), database.password());
                var query = db.prepareStatement("SELECT public_id FROM raid WHERE internal_id = 'ops-raid'");
                var rows = query.executeQuery()) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }

    private static Scrape scrape() throws IOException, InterruptedException {
        return Scrape.parse(get("/actuator/prometheus", "127.0.0.1").body());
    }

    private static HttpResponse<String> get(String path, String visitor, String... headers)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + milk.portFor(path) + path))
                .header("X-Forwarded-For", visitor);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String user(int n) {
        return "{\"id\":\"" + (1_300_000_000_000_000_000L + n) + "\",\"name\":\"" + SECRET + " user " + n
                + "\",\"avatarHash\":null,\"createdAtMillis\":1700000000000,\"joinedAtMillis\":1763899000000}";
    }

    private static String message(int n) {
        return "{\"id\":\"" + (1_320_000_000_000_000_000L + n) + "\",\"authorId\":\"3\",\"authorName\":\"" + SECRET
                + " author\",\"content\":\"" + SECRET + " says " + n + "\",\"createdAtMillis\":" + (1_763_899_000_000L + n)
                + "}";
    }

    /** Generation 2 (latte), addressed to {@code target}. */
    private static ProducerRecord<String, byte[]> latte(String topic, String key, String value, String target) {
        var record = plain(topic, key, value);
        BrokerHeaders.put(record.headers(), BrokerHeaders.SOURCE_SERVICE, "ops-bot");
        BrokerHeaders.put(record.headers(), BrokerHeaders.SOURCE_INSTANCE, "ops-bot-1");
        BrokerHeaders.put(record.headers(), BrokerHeaders.TARGET_SERVICES, target);
        BrokerHeaders.put(record.headers(), BrokerHeaders.MESSAGE_ID, UUID.randomUUID().toString());
        return record;
    }

    /** Generation 1 (water), to every cluster. */
    private static ProducerRecord<String, byte[]> water(String topic, String key, String value) {
        var record = plain(topic, key, value);
        BrokerHeaders.put(record.headers(), BrokerHeaders.CLIENT_ID, "ops-bot");
        BrokerHeaders.put(record.headers(), BrokerHeaders.REQUEST_ID, UUID.randomUUID().toString());
        BrokerHeaders.put(record.headers(), BrokerHeaders.SOURCE_CLUSTER, "7");
        BrokerHeaders.put(record.headers(), BrokerHeaders.TARGET_CLUSTERS, "");
        return record;
    }

    private static ProducerRecord<String, byte[]> plain(String topic, String key, String value) {
        return new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8));
    }
}
