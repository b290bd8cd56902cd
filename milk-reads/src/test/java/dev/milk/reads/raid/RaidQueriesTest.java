package dev.milk.reads.raid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.milk.reads.QuerySlice;

/**
 * The raid's queries against the real schema: accounts listed by (join time, user id), from either
 * kind of cursor, and streamed whole.
 */
@QuerySlice
class RaidQueriesTest {

    @Autowired
    private DataSource dataSource;
    @Autowired
    private JdbcClient jdbc;
    private RaidQueries queries;

    @BeforeEach
    void queries() {
        queries = new RaidQueries(dataSource);
    }

    @Test
    void aSummaryCountsTheAccountsAndSaysWhetherTheRaidEnded() {
        var rows = RaidRows.create(jdbc).joined(3, "c", 0, 1).joined(1, "a", 1, 1);

        RaidSummary live = queries.summary(rows.publicId).orElseThrow();
        rows.concluded();
        RaidSummary ended = queries.summary(rows.publicId).orElseThrow();

        assertThat(live.size()).isEqualTo(2);
        assertThat(live.guildId()).isEqualTo(RaidRows.GUILD);
        assertThat(live.startedAt()).isEqualTo(RaidRows.START);
        assertThat(live.concluded()).isFalse();
        assertThat(ended.concludedAt()).isEqualTo(RaidRows.START.plusSeconds(3_600));
        assertThat(queries.summary("nosuchid")).isEmpty();
    }

    @Test
    void accountsComeByJoinTimeThenIdAndACursorContinuesExactlyAfterTheLast() {
        var rows = RaidRows.create(jdbc).joined(30, "late", 5, 400).joined(20, "tie b", 1, 2).joined(10, "tie a", 1, 2)
                .joined(40, "first", 0, 0);
        RaidSummary raid = queries.summary(rows.publicId).orElseThrow();

        List<RaidMember> first = queries.members(raid, null, RaidFilter.NONE, 2);
        List<RaidMember> rest = queries.members(raid, RaidCursor.after(first.getLast()), RaidFilter.NONE, 10);

        assertThat(first).extracting(RaidMember::id).containsExactly(40L, 10L);
        assertThat(rest).extracting(RaidMember::id).containsExactly(20L, 30L);
        assertThat(rest.getLast().name()).isEqualTo("late");
        assertThat(rest.getLast().joinedAt()).isEqualTo(RaidRows.START.plusSeconds(5));
        assertThat(rest.getLast().createdAt()).isEqualTo(RaidRows.START.plusSeconds(5).minusSeconds(86_400L * 400));
    }

    @Test
    void theOriginalCursorSkipsAccountsThatShareItsJoinTime() {
        var rows = RaidRows.create(jdbc).joined(10, "a", 1, 2).joined(20, "b", 1, 2).joined(30, "c", 2, 2);
        RaidSummary raid = queries.summary(rows.publicId).orElseThrow();

        var cursor = new RaidCursor.JoinedAfter(RaidRows.START.plusSeconds(1));

        assertThat(queries.members(raid, cursor, RaidFilter.NONE, 10)).extracting(RaidMember::id).containsExactly(30L);
    }

    @Test
    void everyAccountIsStreamedInListingOrderAcrossBatches() throws Exception {
        var rows = RaidRows.create(jdbc).crowd(2_500);
        RaidSummary raid = queries.summary(rows.publicId).orElseThrow();
        List<RaidMember> streamed = new ArrayList<>();

        queries.each(raid, RaidFilter.NONE, streamed::add);

        assertThat(streamed).hasSize(2_500).doesNotHaveDuplicates()
                .isSortedAccordingTo(Comparator.comparing(RaidMember::joinedAt).thenComparing(RaidMember::id));
    }

    @Test
    void eachFilterSelectsItsAccountsAndTheyCombine() {
        var rows = RaidRows.create(jdbc).joined(1, "Raider01", "a1", 0, 2).joined(2, "raider_77", "a1", 10, 30)
                .joined(3, "100%_Real", null, 20, 1).joined(4, "ЖукRAIDER", null, 30, 400).joined(5, "calm", "b2", 40, 3);
        RaidSummary raid = queries.summary(rows.publicId).orElseThrow();

        assertThat(ids(raid, RaidFilter.parse("7", null, null, null, null))).containsExactly(1L, 3L, 5L);
        assertThat(ids(raid, RaidFilter.parse(null, "2025-11-23T12:00:10Z", null, null, null)))
                .as("from the instant, included").containsExactly(2L, 3L, 4L, 5L);
        assertThat(ids(raid, RaidFilter.parse(null, null, "2025-11-23T13:00:20+01:00", null, null)))
                .as("before the instant, in any offset").containsExactly(1L, 2L);
        assertThat(ids(raid, RaidFilter.parse(null, null, null, "RAIDER", null))).containsExactly(1L, 2L, 4L);
        assertThat(ids(raid, RaidFilter.parse(null, null, null, "%_", null))).as("no LIKE wildcards").containsExactly(3L);
        assertThat(ids(raid, RaidFilter.parse(null, null, null, "жук", null))).as("any script's case").containsExactly(4L);
        assertThat(ids(raid, RaidFilter.parse(null, null, null, null, "stem:raider"))).containsExactly(1L, 2L);
        assertThat(ids(raid, RaidFilter.parse(null, null, null, null, "avatar:a1"))).containsExactly(1L, 2L);
        assertThat(ids(raid, RaidFilter.parse(null, null, null, null, "noavatar"))).containsExactly(3L, 4L);
        RaidFilter combined = RaidFilter.parse("7", "2025-11-23T12:00:00Z", "2025-11-23T12:00:41Z", "a", "noavatar");
        assertThat(ids(raid, combined)).containsExactly(3L);
        assertThat(queries.count(raid, combined)).isEqualTo(1);
        assertThat(queries.count(raid, RaidFilter.NONE)).isEqualTo(5);
    }

    @Test
    void aFilteredCursorPagesExactlyThroughTiedJoinTimes() throws Exception {
        // 2,500 accounts, three a second, ids falling as they join; the filter keeps those of even ids.
        var rows = RaidRows.create(jdbc).crowd(2_500);
        jdbc.sql("UPDATE raid_user SET name = 'even' || user_id WHERE raid_id = :raid AND user_id % 2 = 0")
                .param("raid", rows.key).update();
        RaidSummary raid = queries.summary(rows.publicId).orElseThrow();
        RaidFilter even = RaidFilter.parse(null, null, null, "EVEN", null);
        List<RaidMember> walked = new ArrayList<>();
        RaidCursor cursor = null;
        List<RaidMember> page;
        do {
            // Pages of 7: a page's last account shares its join time with the next page's first.
            page = queries.members(raid, cursor, even, 7);
            walked.addAll(page);
            cursor = page.isEmpty() ? null : RaidCursor.after(page.getLast());
        } while (page.size() == 7);

        List<Long> expected = jdbc.sql("""
                SELECT user_id FROM raid_user WHERE raid_id = :raid AND user_id % 2 = 0 ORDER BY joined_at, user_id""")
                .param("raid", rows.key).query(Long.class).list();
        assertThat(walked).extracting(RaidMember::id).containsExactlyElementsOf(expected).hasSize(1_250);
        List<RaidMember> streamed = new ArrayList<>();
        queries.each(raid, even, streamed::add);
        assertThat(streamed).extracting(RaidMember::id).containsExactlyElementsOf(expected);
    }

    @Test
    void repeatRaidersAreCountedPerEarlierRaidOfTheGuildOnly() {
        var earliest = RaidRows.create(jdbc, RaidRows.GUILD, RaidRows.START.minusSeconds(86_400 * 2))
                .joined(1, "a", 0, 1).joined(2, "b", 0, 1).joined(9, "z", 0, 1);
        var earlier = RaidRows.create(jdbc, RaidRows.GUILD, RaidRows.START.minusSeconds(86_400)).named("Old name", null)
                .joined(1, "a", 0, 1);
        RaidRows.create(jdbc, 5L, RaidRows.START.minusSeconds(86_400)).joined(1, "a", 0, 1)
                .joined(3, "c", 0, 1);
        var raid = RaidRows.create(jdbc).joined(1, "a", 0, 1).joined(2, "b", 1, 1).joined(3, "c", 2, 1)
                .joined(4, "d", 3, 1);
        RaidRows.create(jdbc, RaidRows.GUILD, RaidRows.START.plusSeconds(86_400)).joined(4, "d", 0, 1);
        var repeats = new RaidRepeats(dataSource);
        RaidSummary summary = queries.summary(raid.publicId).orElseThrow();

        RaidRepeats.Repeats found = repeats.of(summary);

        assertThat(found.accounts()).as("1 and 2; 3 only in another guild's, 4 only in a later one").isEqualTo(2);
        assertThat(found.raids()).extracting(RaidRepeats.EarlierRaid::publicId, RaidRepeats.EarlierRaid::shared,
                RaidRepeats.EarlierRaid::guildName).containsExactly(
                        tuple(earlier.publicId, 1L, "Old name"),
                        tuple(earliest.publicId, 2L, null));
        RaidSummary first = queries.summary(earliest.publicId).orElseThrow();
        assertThat(repeats.shared(summary, first, 10)).extracting(RaidRepeats.SharedAccount::id).containsExactly(1L, 2L);
        assertThat(repeats.shared(summary, first, 1)).hasSize(1);
        assertThat(repeats.sharedCount(summary, first)).isEqualTo(2);
        assertThat(repeats.of(queries.summary(earliest.publicId).orElseThrow()).accounts()).isZero();
    }

    private List<Long> ids(RaidSummary raid, RaidFilter filter) {
        return queries.members(raid, null, filter, 100).stream().map(RaidMember::id).toList();
    }
}
