package dev.milk.writes.intake;

import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;

import dev.milk.writes.WritesProperties;
import io.micrometer.core.instrument.MeterRegistry;

/** The Kafka side of every writer: batch consumers, the reply producer, dead letters, retries. */
@Configuration(proxyBeanMethods = false)
public class IntakeConfiguration {

    @Bean
    KafkaTemplate<String, byte[]> milkKafkaTemplate(KafkaProperties kafka, WritesProperties writes) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // A dead letter is the original record plus headers: leave room above the largest accepted record.
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * writes.maxRecordBytes());
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> milkListenerFactory(KafkaProperties kafka,
            WritesProperties writes, DefaultErrorHandler milkErrorHandler) {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        // Bytes, not strings: invalid UTF-8 must be refused by the JSON parser, not silently replaced.
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, writes.maxPollRecords());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        var factory = new ConcurrentKafkaListenerContainerFactory<String, byte[]>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(config));
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(AckMode.BATCH);
        factory.setCommonErrorHandler(milkErrorHandler);
        return factory;
    }

    /**
     * Invalid records never reach this handler (the intake dead-letters them itself), so an
     * exception here means PostgreSQL or Kafka is unavailable: the batch is retried, backing off to
     * every 30 s, for as long as it takes. Dropping it would lose valid events.
     */
    @Bean
    DefaultErrorHandler milkErrorHandler() {
        var backOff = new ExponentialBackOff(500, 2);
        backOff.setMaxInterval(30_000);
        return new DefaultErrorHandler(backOff);
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(KafkaProperties kafka) {
        return new KafkaHealthIndicator(Admin.create(kafka.buildAdminProperties()));
    }

    @Bean
    DeadLetterPublishingRecoverer milkDeadLetters(KafkaTemplate<String, byte[]> milkKafkaTemplate) {
        // Partition -1: the producer picks one, so the DLT need not mirror the source's partition count.
        return new DeadLetterPublishingRecoverer(milkKafkaTemplate,
                (record, exception) -> new TopicPartition(record.topic() + ".DLT", -1));
    }

    @Bean
    BatchIntake batchIntake(KafkaTemplate<String, byte[]> milkKafkaTemplate, DeadLetterPublishingRecoverer milkDeadLetters,
            TransactionTemplate transactionTemplate, MeterRegistry meters, WritesProperties writes) {
        return new BatchIntake(milkKafkaTemplate, milkDeadLetters, transactionTemplate, meters, writes.identity(),
                writes.maxRecordBytes());
    }
}
