package dev.milk.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import com.sun.net.httpserver.HttpServer;

import dev.milk.MilkApplication;
import dev.milk.testing.MilkTestInfrastructure;
import dev.milk.testing.TestKafka;
import dev.milk.testing.TopicReader;
import dev.milk.testing.Waits;
import dev.milk.wire.BrokerHeaders;

/**
 * With tracing on, a bot's trace runs through Milk: the reply to a traced request carries the
 * request's trace on, and Milk sends its spans of it to the OTLP endpoint.
 */
class TracingTest {

    static {
        MilkTestInfrastructure.install();
    }

    private static final String TOPIC = "tracing-raids";

    @Test
    void theReplyContinuesTheRequestsTraceAndTheSpansAreExported() throws Exception {
        List<byte[]> exported = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            exported.add(exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        try (ConfigurableApplicationContext milk = new SpringApplicationBuilder(MilkApplication.class).run(
                "--milk.role=writes", "--milk.http.port=0", "--milk.writes.raid.topic=" + TOPIC,
                "--milk.writes.archive.topic=tracing-archives",
                "--milk.writes.group-id=tracing-" + UUID.randomUUID(), "--milk.tracing.enabled=true",
                "--milk.tracing.sampling-probability=1.0", "--management.opentelemetry.tracing.export.schedule-delay=200ms",
                "--milk.tracing.otlp-endpoint=http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces");
                var bot = new KafkaProducer<String, byte[]>(Map.of("bootstrap.servers", TestKafka.bootstrapServers()),
                        new StringSerializer(), new ByteArraySerializer())) {
            milk.getBean(KafkaListenerEndpointRegistry.class).getListenerContainers()
                    .forEach(container -> awaitAssigned(container::getAssignedPartitions));

            var request = new ProducerRecord<>(TOPIC, "create-raid",
                    "{\"request\":{\"raidId\":\"traced\",\"guildId\":\"1\"}}".getBytes(StandardCharsets.UTF_8));
            String messageId = UUID.randomUUID().toString();
            BrokerHeaders.put(request.headers(), BrokerHeaders.SOURCE_SERVICE, "traced-bot");
            BrokerHeaders.put(request.headers(), BrokerHeaders.TARGET_SERVICES, "milk");
            BrokerHeaders.put(request.headers(), BrokerHeaders.MESSAGE_ID, messageId);
            request.headers().add("traceparent", ("00-" + traceId + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));
            bot.send(request).get();

            ConsumerRecord<String, byte[]> reply = TopicReader.await(TOPIC,
                    record -> messageId.equals(BrokerHeaders.text(record.headers(), BrokerHeaders.RPC_IN_REPLY_TO)), 1,
                    Duration.ofSeconds(30)).getFirst();
            assertThat(reply.headers().lastHeader("traceparent")).as("the reply's trace header").isNotNull();
            String traceparent = new String(reply.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8);
            assertThat(traceparent).as("the reply's trace").startsWith("00-" + traceId + "-")
                    .doesNotContain("00f067aa0ba902b7");

            Waits.upTo(Duration.ofSeconds(20)).alias("Milk's spans of the trace reached the collector")
                    .until(() -> containsTrace(exported, traceId));
        } finally {
            collector.stop(0);
        }
    }

    /** OTLP over HTTP is protobuf: a trace id is its 16 bytes as they are. */
    private static boolean containsTrace(List<byte[]> exported, String traceId) {
        byte[] id = HexFormat.of().parseHex(traceId);
        for (byte[] body : exported) {
            for (int i = 0; i + id.length <= body.length; i++) {
                if (Arrays.equals(body, i, i + id.length, id, 0, id.length)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void awaitAssigned(Supplier<? extends Collection<?>> assigned) {
        Waits.upTo(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).alias("the listener got its partitions")
                .until(() -> assigned.get() != null && !assigned.get().isEmpty());
    }
}
