package dev.milk.reads.web;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code milk_reads_errors_total{kind}}: answers that failed through no fault of the visitor's, by
 * what failed. Every kind is registered at start, so a rate over it is 0 rather than absent.
 */
public final class ReadErrors {

    /** What failed; the tag is the name in lower case with dashes ({@code SCHEMA_BEHIND}: {@code schema-behind}). */
    public enum Kind {
        /** 500: a statement the database refused for what it is (bad grammar, a constraint): a bug in Milk. */
        SQL,
        /** 500: any other bug. */
        INTERNAL,
        /** 503: the database could not be reached, or gave up (Spring's transient and resource failures). */
        DATABASE,
        /** 503: a table or column of this release is missing because the writers have not migrated yet. */
        SCHEMA_BEHIND,
        /** 503: every search slot of the replica was taken. */
        SEARCH_BUSY,
        /** 503: a search ran past MILK_READS_SEARCH_TIMEOUT and PostgreSQL stopped it. */
        SEARCH_TIMEOUT,
        /** A stream ran past MILK_READS_STREAM_TIMEOUT: 503 if nothing was sent yet, else its connection closed unfinished. */
        STREAM_TIMEOUT,
        /** A stream failed after its first bytes went out (its database lost, a media store, a bug): its connection closed unfinished. */
        STREAM_FAILED,
        /** 503: the media store (S3, or PostgreSQL's copy) failed before a copy's first byte. */
        MEDIA_STORE,
        /** 503: Discord's member endpoint failed or limited Milk, so whether a reader may read a page is unknown. */
        DISCORD;

        String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Map<Kind, Counter> counters = new EnumMap<>(Kind.class);

    public ReadErrors(MeterRegistry meters) {
        for (Kind kind : Kind.values()) {
            counters.put(kind, Counter.builder("milk.reads.errors").tag("kind", kind.tag())
                    .description("answers that failed through no fault of the visitor's").register(meters));
        }
    }

    public void count(Kind kind) {
        counters.get(kind).increment();
    }
}
