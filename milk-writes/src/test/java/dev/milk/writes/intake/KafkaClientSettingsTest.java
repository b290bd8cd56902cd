package dev.milk.writes.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

import dev.milk.testing.MilkTestInfrastructure;
import dev.milk.writes.WritesTestApplication;

/**
 * An operator's Kafka security settings ({@code spring.kafka.security.*}, {@code spring.kafka.ssl.bundle},
 * SASL through {@code spring.kafka.properties.*}) reach every client a writer opens: the consumers
 * of both listeners, the producer of replies and dead letters, and the admin client of topic
 * creation and readiness. Nothing listens at the address given, so no record is exchanged.
 */
class KafkaClientSettingsTest {

    static {
        MilkTestInfrastructure.install();
    }

    private static final String JAAS =
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"milk\" password=\"s3cret\";";

    @Test
    void securitySettingsReachTheConsumersTheProducerAndTheAdminClient() {
        List<String> consumersMade = new CopyOnWriteArrayList<>();
        try (ConfigurableApplicationContext writes = new SpringApplicationBuilder(WritesTestApplication.class)
                .web(WebApplicationType.NONE)
                .initializers(context -> context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
                    @Override
                    public Object postProcessAfterInitialization(Object bean, String name) {
                        if (bean instanceof DefaultKafkaConsumerFactory<?, ?> consumers) {
                            recordConsumers(consumers, consumersMade);
                        }
                        return bean;
                    }
                }))
                // Arguments, as an operator's settings outrank the test infrastructure's system properties.
                .run("--milk.kafka.bootstrap-servers=127.0.0.1:9",
                        "--spring.kafka.admin.auto-create=false",
                        "--spring.kafka.security.protocol=SASL_SSL",
                        "--spring.kafka.ssl.bundle=kafka",
                        "--spring.ssl.bundle.pem.kafka.truststore.certificate=classpath:kafka-tls/ca.pem",
                        "--spring.kafka.properties.sasl.mechanism=SCRAM-SHA-512",
                        "--spring.kafka.properties.sasl.jaas.config=" + JAAS)) {
            ConsumerFactory<?, ?> consumers = writes.getBean(ConsumerFactory.class);
            assertThat(consumersMade).as("every listener's consumers come from Boot's consumer factory")
                    .anyMatch(id -> id.contains("raid-management")).anyMatch(id -> id.contains("message-archives"));
            assertSecure(consumers.getConfigurationProperties());
            assertThat(consumers.getConfigurationProperties())
                    .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                    .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                    .containsEntry(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);

            assertThat(writes.getBeansOfType(KafkaTemplate.class)).as("replies and dead letters share Boot's template")
                    .hasSize(1);
            KafkaTemplate<?, ?> replies = writes.getBean(KafkaTemplate.class);
            assertSecure(replies.getProducerFactory().getConfigurationProperties());
            assertSecure(writes.getBean(KafkaAdmin.class).getConfigurationProperties());
        }
    }

    private static <K, V> void recordConsumers(DefaultKafkaConsumerFactory<K, V> factory, List<String> ids) {
        factory.addListener(new ConsumerFactory.Listener<K, V>() {
            @Override
            public void consumerAdded(String id, Consumer<K, V> consumer) {
                ids.add(id);
            }
        });
    }

    private static void assertSecure(Map<String, Object> config) {
        assertThat(String.valueOf(config.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG))).contains("127.0.0.1:9");
        assertThat(config)
                .containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")
                .containsEntry(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512")
                .containsEntry(SaslConfigs.SASL_JAAS_CONFIG, JAAS)
                .containsKey(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG);
    }
}
