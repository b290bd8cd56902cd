package dev.milk.writes.intake;

import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;

import dev.milk.writes.WritesProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

/**
 * The Kafka side of every writer, on Spring Boot's own Kafka set-up: Boot builds the clients
 * (with the operator's {@code spring.kafka.*} settings, SSL bundles, SASL and connection details)
 * and picks up the error handler; Milk adds only what its protocol cannot do without.
 */
@Configuration(proxyBeanMethods = false)
public class IntakeConfiguration {

    /** Records are read as bytes, not strings: invalid UTF-8 must be refused by the JSON parser, not replaced. */
    @Bean
    DefaultKafkaConsumerFactoryCustomizer milkConsumers(WritesProperties writes) {
        return factory -> {
            // A new consumer group starts at the beginning, unless the operator says otherwise.
            if (!factory.getConfigurationProperties().containsKey(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG)) {
                factory.updateConfigs(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
            }
            // A fetch of a partition brings up to a largest record's worth, not Kafka's 1 MiB: about
            // 9 records of 1,000 accounts made a transaction, and each one's fixed cost (commit,
            // replies, offsets) was paid 110 times for a million accounts. A single larger record
            // came whole before too, so a poll's largest size hardly moves.
            if (!factory.getConfigurationProperties().containsKey(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG)) {
                factory.updateConfigs(Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, writes.maxRecordBytes()));
            }
            factory.updateConfigs(Map.of(
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                    // Offsets are committed by the container after the batch is stored and answered.
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, writes.maxPollRecords(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    // A broker that makes a topic a consumer asks for makes it with its own partition
                    // count: the writer makes its topics itself (TopicCreation) and waits for them.
                    ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false));
        };
    }

    /** Replies and dead letters: every send acknowledged by all replicas, never duplicated by a retry. */
    @Bean
    DefaultKafkaProducerFactoryCustomizer milkProducers(WritesProperties writes) {
        return factory -> factory.updateConfigs(Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, writes.deadLetterBytes()));
    }

    /**
     * The container's part of Milk's error story ({@link BatchIntake} tells the whole): when the
     * intake throws, the poll is delivered again, backing off from 0.5 s to every 30 s, for as
     * long as it takes. The intake decides every record's fate and dead-letters it itself, and
     * throws only for a failure that passes (PostgreSQL or Kafka unavailable, a deadlock) or for
     * an event that failed alone fewer than three times, so this handler has no recoverer and no
     * limit: dropping a batch would lose valid events.
     */
    @Bean
    DefaultErrorHandler milkErrorHandler() {
        var backOff = new ExponentialBackOff(500, 2);
        backOff.setMaxInterval(30_000);
        return new DefaultErrorHandler(backOff);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "spring.kafka.admin.auto-create", matchIfMissing = true)
    TopicCreation milkTopicCreation(KafkaAdmin kafkaAdmin) {
        return new TopicCreation(kafkaAdmin);
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin, ObjectProvider<TopicCreation> topics) {
        return new KafkaHealthIndicator(Admin.create(kafkaAdmin.getConfigurationProperties()), topics.getIfAvailable());
    }

    @Bean
    DeadLetters milkDeadLetters(KafkaTemplate<String, byte[]> kafka, WritesProperties writes, MeterRegistry meters) {
        return new DeadLetters(kafka, writes.deadLetterBytes(), meters);
    }

    /** Traced only when tracing is on: otherwise a record costs no span, not even an unsampled one. */
    @Bean
    BatchIntake batchIntake(KafkaTemplate<String, byte[]> kafka, DeadLetterPublishingRecoverer milkDeadLetters,
            TransactionTemplate transactionTemplate, MeterRegistry meters,
            ObjectProvider<ObservationRegistry> observations, WritesProperties writes,
            @Value("${milk.tracing.enabled:false}") boolean tracing) {
        return new BatchIntake(kafka, milkDeadLetters, transactionTemplate, meters,
                tracing ? observations.getIfAvailable(() -> ObservationRegistry.NOOP) : ObservationRegistry.NOOP,
                writes.identity(), writes.maxRecordBytes());
    }
}
