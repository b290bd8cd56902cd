package dev.milk.reads.raid;

import static org.assertj.core.api.Assertions.assertThat;

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

        List<RaidMember> first = queries.members(raid, null, 2);
        List<RaidMember> rest = queries.members(raid, RaidCursor.after(first.getLast()), 10);

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

        assertThat(queries.members(raid, cursor, 10)).extracting(RaidMember::id).containsExactly(30L);
    }

    @Test
    void everyAccountIsStreamedInListingOrderAcrossBatches() throws Exception {
        var rows = RaidRows.create(jdbc).crowd(2_500);
        RaidSummary raid = queries.summary(rows.publicId).orElseThrow();
        List<RaidMember> streamed = new ArrayList<>();

        queries.each(raid, streamed::add);

        assertThat(streamed).hasSize(2_500).doesNotHaveDuplicates()
                .isSortedAccordingTo(Comparator.comparing(RaidMember::joinedAt).thenComparing(RaidMember::id));
    }
}
