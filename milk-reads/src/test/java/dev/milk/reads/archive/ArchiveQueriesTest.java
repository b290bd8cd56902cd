package dev.milk.reads.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.milk.reads.QuerySlice;
import tools.jackson.databind.json.JsonMapper;

/**
 * The archive's queries against the real schema: rows inserted as the writer stores them, read back
 * as pages, searches and what a page refers to. Each test's rows are rolled back after it.
 */
@QuerySlice
class ArchiveQueriesTest {

    @Autowired
    private DataSource dataSource;
    @Autowired
    private JdbcClient jdbc;
    private ArchiveQueries queries;

    @BeforeEach
    void queries() {
        queries = new ArchiveQueries(dataSource, dataSource, JsonMapper.builder().build());
    }

    @Test
    void aSummaryNamesTheArchiveAndCountsItsMessages() {
        var rows = ArchiveRows.create(jdbc, ArchiveRows.GUILD, "raid-log").message(1000, "hello").message(1001, "again");

        ArchiveSummary archive = queries.guarded(rows.publicId).orElseThrow().summary();

        assertThat(archive.key()).isEqualTo(rows.key);
        assertThat(archive.channel()).isEqualTo("raid-log");
        assertThat(archive.guildId()).isEqualTo(ArchiveRows.GUILD);
        assertThat(archive.reason()).isEqualTo("spam wave");
        assertThat(archive.messageCount()).isEqualTo(2);
        assertThat(archive.sealed()).isFalse();
        assertThat(archive.searchIndexed()).isFalse();
        assertThat(queries.guarded("nosuchid")).isEmpty();
    }

    @Test
    void pagesFollowTheChannelsOrderFromWhereTheLastEnded() {
        var rows = ArchiveRows.create(jdbc);
        for (long id : new long[] {1003, 1000, 1004, 1001, 1002}) {
            rows.message(id, "message " + id);
        }
        ArchiveSummary archive = queries.guarded(rows.publicId).orElseThrow().summary();

        List<ArchivedMessage> first = queries.page(archive, null, 2);
        List<ArchivedMessage> second = queries.page(archive, first.getLast().id(), 2);
        List<ArchivedMessage> last = queries.page(archive, second.getLast().id(), 2);

        assertThat(first).extracting(ArchivedMessage::id).containsExactly(1000L, 1001L);
        assertThat(second).extracting(ArchivedMessage::id).containsExactly(1002L, 1003L);
        assertThat(last).extracting(ArchivedMessage::id).containsExactly(1004L);
        assertThat(first.getFirst().content()).isEqualTo("message 1000");
        assertThat(first.getFirst().createdAt()).isEqualTo(ArchiveRows.sent(1000));
        assertThat(first.getFirst().authorName()).isEqualTo("Mallory");
        assertThat(queries.page(archive, 1004L, 2)).isEmpty();
        assertThat(queries.pageStarts(archive, 1004, 2)).containsExactly(1001L, 1003L);
    }

    /** A sealed archive's pages never move: their starts are counted once, to the end, and kept. */
    @Test
    void aSealedArchivesPageStartsAreAllOfThemAndPlaceEachMessageAsBefore() {
        var rows = ArchiveRows.create(jdbc);
        for (long id = 1000; id < 1007; id++) {
            rows.message(id, "message " + id);
        }
        ArchiveSummary live = queries.guarded(rows.publicId).orElseThrow().summary();
        assertThat(queries.pageStarts(live, 1003, 2)).containsExactly(1001L);
        rows.sealedAndIndexed();
        ArchiveSummary sealed = queries.guarded(rows.publicId).orElseThrow().summary();
        assertThat(queries.pageStarts(sealed, 1003, 2)).containsExactly(1001L, 1003L, 1005L);
        assertThat(queries.pageStarts(sealed, 1003, 2).lower(1003L)).as("the page of 1003, as counted live").isEqualTo(1001L);
        jdbc.sql("DELETE FROM archive_message WHERE archive_id = :key").param("key", sealed.key()).update();
        assertThat(queries.pageStarts(sealed, 1006, 2)).as("kept: counted once").containsExactly(1001L, 1003L, 1005L);
    }

    @Test
    void anotherArchivesMessagesAreNeverRead() {
        var mine = ArchiveRows.create(jdbc).message(1000, "mine");
        ArchiveRows.create(jdbc).message(1001, "theirs");
        ArchiveSummary archive = queries.guarded(mine.publicId).orElseThrow().summary();

        assertThat(queries.page(archive, null, 10)).extracting(ArchivedMessage::content).containsExactly("mine");
        assertThat(queries.byIds(archive, List.of(1000L, 1001L))).extracting(ArchivedMessage::id).containsExactly(1000L);
    }

    @Test
    void anEditedMessageBringsItsEarlierVersions() {
        var rows = ArchiveRows.create(jdbc).message(1000, "fixed typo").edited(1000, "fixd typo", 5);
        ArchiveSummary archive = queries.guarded(rows.publicId).orElseThrow().summary();

        List<ArchivedMessage> page = queries.page(archive, null, 10);
        Related related = queries.related(archive, page, true);

        assertThat(page.getFirst().editedAt()).isEqualTo(ArchiveRows.sent(1000).plusSeconds(300));
        assertThat(related.versions(page.getFirst())).singleElement()
                .satisfies(v -> {
                    assertThat(v.content()).isEqualTo("fixd typo");
                    assertThat(v.at()).isEqualTo(ArchiveRows.sent(1000));
                });
        assertThat(related.redactions()).isEmpty();
    }

    @Test
    void aRemovedMessageKeepsItsPlaceAndShowsAsNeverEditedWithTheModeratorNamed() {
        var rows = ArchiveRows.create(jdbc).message(1000, "kept").message(1001, "doxxing")
                .edited(1001, "doxing", 1).removed("personal data", 1001);
        ArchiveSummary archive = queries.guarded(rows.publicId).orElseThrow().summary();

        List<ArchivedMessage> page = queries.page(archive, null, 10);
        Related related = queries.related(archive, page, true);

        assertThat(page).extracting(ArchivedMessage::id).containsExactly(1000L, 1001L);
        ArchivedMessage removed = page.getLast();
        assertThat(removed.redactionId()).isNotNull();
        assertThat(removed.content()).isEmpty();
        assertThat(removed.editedAt()).as("a removed message shows as never edited").isNull();
        assertThat(related.removal(removed)).isNotNull()
                .satisfies(r -> {
                    assertThat(r.moderator()).isEqualTo("Mod (" + ArchiveRows.MODERATOR + ")");
                    assertThat(r.notice()).isEqualTo("Removed by moderators: personal data");
                    assertThat(r.messageIds()).containsExactly(1001L);
                });
        assertThat(related.versions(removed)).isEmpty();
    }

    @Test
    void aSearchOfALiveArchiveReadsItsMessagesAndNeverFindsRemovedOnes() {
        var rows = ArchiveRows.create(jdbc).message(1000, "buy cheap nitro").message(1001, "no thanks")
                .message(1002, "cheap nitro here").message(1003, "cheap nitro again").removed("scam", 1002);
        ArchiveSummary archive = queries.guarded(rows.publicId).orElseThrow().summary();

        List<ArchiveQueries.Found> found = queries.search(archive, SearchQuery.parse("cheap nitro"), true, null, 10);

        assertThat(found).extracting(f -> f.message().id()).containsExactly(1000L, 1003L);
        assertThat(found.getFirst().headline()).contains("cheap").contains("nitro");
        assertThat(queries.search(archive, SearchQuery.parse("cheap"), true, 1000L, 10))
                .extracting(f -> f.message().id()).containsExactly(1003L);
    }

    @Test
    void aSearchOfAnIndexedArchiveFindsTheSameThroughItsIndex() {
        var rows = ArchiveRows.create(jdbc).message(1000, "buy cheap nitro").message(1001, "no thanks")
                .message(1002, "cheap nitro here").removed("scam", 1002).sealedAndIndexed();
        ArchiveSummary archive = queries.guarded(rows.publicId).orElseThrow().summary();
        assertThat(archive.searchIndexed()).isTrue();

        assertThat(queries.search(archive, SearchQuery.parse("nitro"), true, null, 10))
                .extracting(f -> f.message().id()).containsExactly(1000L);
        assertThat(queries.search(archive, SearchQuery.parse("Mallory thanks"), true, null, 10))
                .as("the author's name is searched too").extracting(f -> f.message().id()).containsExactly(1001L);
    }

    @Test
    void punctuationAloneHasNoWordsToSearchFor() {
        assertThat(queries.hasWords(SearchQuery.parse("?!"))).isFalse();
        assertThat(queries.hasWords(SearchQuery.parse("nitro?"))).isTrue();
    }

    @Test
    void aThreadArchivedByAnotherGuildIsShownWithoutItsLink() {
        var elsewhere = ArchiveRows.create(jdbc, 1L, "other-guild-thread");
        var sameGuild = ArchiveRows.create(jdbc, ArchiveRows.GUILD, "thread");
        var rows = ArchiveRows.create(jdbc).message(1000, "started a thread").message(1001, "and another");
        thread(rows, 1000, sameGuild.publicId);
        thread(rows, 1001, elsewhere.publicId);
        ArchiveSummary archive = queries.guarded(rows.publicId).orElseThrow().summary();

        List<ArchivedMessage> page = queries.page(archive, null, 10);

        assertThat(page.get(0).thread().publicId()).isEqualTo(sameGuild.publicId);
        assertThat(page.get(1).thread().publicId()).isNull();
        assertThat(page.get(1).thread().name()).isEqualTo("side talk");
    }

    private void thread(ArchiveRows rows, long messageId, String publicId) {
        jdbc.sql("""
                UPDATE archive_message SET thread = jsonb_build_object('id', '9', 'name', 'side talk', 'publicId', :publicId)
                WHERE archive_id = :archive AND message_id = :id""")
                .param("publicId", publicId).param("archive", rows.key).param("id", messageId).update();
    }
}
