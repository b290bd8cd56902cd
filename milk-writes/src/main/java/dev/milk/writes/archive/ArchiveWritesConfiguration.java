package dev.milk.writes.archive;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.transaction.support.TransactionTemplate;

import dev.milk.media.MediaMirror;
import dev.milk.media.MediaProperties;
import dev.milk.media.MediaStore;
import dev.milk.media.MediaStores;
import dev.milk.writes.WritesProperties;
import dev.milk.writes.intake.BatchIntake;
import dev.milk.writes.intake.TopicIntake;
import dev.milk.writes.intake.TopicListener;
import dev.milk.writes.media.MediaCopier;
import dev.milk.writes.media.StoredCopies;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The archive writer: the {@code message-archives} topic, its dead letters, its consumer, and its
 * jobs: expiry, search indexing, media copies.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class ArchiveWritesConfiguration implements SchedulingConfigurer {

    /** The listener's id in Spring Kafka's registry. */
    public static final String LISTENER_ID = "milk-archives";
    private static final int ARCHIVES_INDEXED_PER_ROUND = 20;

    private final WritesProperties writes;
    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final TransactionTemplate transactions;
    private final MediaProperties media;
    private final ObjectProvider<MediaCopier> copier;
    private final MediaStore mediaStore;
    private final StoredCopies copies;

    ArchiveWritesConfiguration(WritesProperties writes, JdbcTemplate jdbc, MeterRegistry meters,
            TransactionTemplate transactions, MediaProperties media, ObjectProvider<MediaCopier> copier) {
        this.writes = writes;
        this.jdbc = jdbc;
        this.meters = meters;
        this.transactions = transactions;
        this.media = media;
        this.copier = copier;
        this.mediaStore = MediaStores.create(media, jdbc, transactions);
        this.copies = new StoredCopies(jdbc, mediaStore);
    }

    @Bean
    KafkaAdmin.NewTopics archiveTopics() {
        return TopicIntake.topics(writes.archive(), writes);
    }

    /** The store copies are written to and deleted from, in the writer's transactions. */
    @Bean
    MediaStore writerMediaStore() {
        return mediaStore;
    }

    @Bean
    ArchiveEvents archiveEvents(@Value("${milk.public-url:}") String publicUrl) {
        var store = new ArchiveStore(jdbc, meters.counter("milk.archive.messages.stored"), copies, media.copy(),
                publicUrl);
        return new ArchiveEvents(store, Clock.systemUTC());
    }

    @Bean
    MediaCopier mediaCopier(ObjectProvider<MediaMirror> mirror) {
        return new MediaCopier(jdbc, transactions, mediaStore, media, meters, mirror.getIfAvailable(() -> link -> link));
    }

    @Bean
    TopicListener<ArchiveCommand> archiveListener(BatchIntake intake, ArchiveEvents archiveEvents) {
        return new TopicListener<>(LISTENER_ID, intake, archiveEvents, writes, writes.archive());
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        var expiry = new ArchiveExpiry(jdbc, meters.counter("milk.archive.expired.purged"), copies);
        tasks.addFixedDelayTask(() -> {
            Timer.Sample run = Timer.start(meters);
            String outcome = "failure";
            try {
                transactions.executeWithoutResult(status -> expiry.purge());
                outcome = "success";
            } finally {
                run.stop(Timer.builder("milk.archive.purge").description("runs of the expired archives' purge")
                        .tag("outcome", outcome).register(meters));
            }
        }, writes.archive().purgeInterval());
        var search = new ArchiveSearchIndexer(jdbc, transactions, meters.counter("milk.archive.search.indexed"));
        tasks.addFixedDelayTask(() -> {
            // A few archives or chunks per round, each in a transaction of its own: a big one never holds the others.
            int sealed = 0;
            while (sealed < ARCHIVES_INDEXED_PER_ROUND && search.indexOne() >= 0) {
                sealed++;
            }
            int chunks = 0;
            while (chunks < ARCHIVES_INDEXED_PER_ROUND && search.indexLiveChunk() >= 0) {
                chunks++;
            }
        }, writes.archive().searchIndexInterval());
        if (media.copy()) {
            tasks.addFixedDelayTask(() -> {
                copier.getObject().copyDue();
                mediaStore.sweep();
            }, media.interval());
        }
    }
}
