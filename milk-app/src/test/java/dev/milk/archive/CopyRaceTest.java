package dev.milk.archive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.milk.MilkEndToEndTest;

/** A removal and a copy of the same bytes at once, many times over, with copies kept in PostgreSQL. */
class CopyRaceTest extends MilkEndToEndTest {

    @Autowired
    ApplicationContext milk;

    @Test
    void aCopyRemovedWhileAnotherArchiveRecordsItStaysForThatArchive() throws Exception {
        assertThat(new CopyRace(milk, port).run(150)).isEmpty();
    }
}
