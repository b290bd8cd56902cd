package dev.milk.writes.intake;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

import dev.milk.writes.WritesProperties;

/**
 * One consumed topic's batch listener, on the container factory Spring Boot configures. Its
 * {@code @KafkaListener} reads where the records come from off this bean ({@code __listener}),
 * so every topic Milk consumes is one instance of this class.
 *
 * @param <E> the topic's validated event
 */
public final class TopicListener<E> {

    private final String id;
    private final BatchIntake intake;
    private final EventHandler<E> handler;
    private final WritesProperties.ConsumedTopic consumed;
    private final String groupId;

    /** @param id the listener's id in Spring Kafka's registry, where its container can be found */
    public TopicListener(String id, BatchIntake intake, EventHandler<E> handler, WritesProperties writes,
            WritesProperties.ConsumedTopic consumed) {
        this.id = id;
        this.intake = intake;
        this.handler = handler;
        this.consumed = consumed;
        this.groupId = writes.groupOf(consumed);
    }

    public String id() {
        return id;
    }

    public String topic() {
        return consumed.topic();
    }

    public String groupId() {
        return groupId;
    }

    public String concurrency() {
        return String.valueOf(consumed.concurrency());
    }

    @KafkaListener(id = "#{__listener.id()}", topics = "#{__listener.topic()}", groupId = "#{__listener.groupId()}",
            concurrency = "#{__listener.concurrency()}", batch = "true")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        intake.accept(records, handler);
    }
}
