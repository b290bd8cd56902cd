package dev.milk.reads.raid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.milk.reads.QuerySlice;
import dev.milk.reads.web.Pages;

/**
 * A raid built with known waves, ages and clusters, read back as its page's charts and patterns:
 * every bar's count equals what SQL counts in the bar's range, the busiest minute and creation
 * hour are the ones built, and the clusters are the ones planted, largest first.
 */
@QuerySlice
// The analysis runs on a thread of its own, which reads what is committed: no test transaction.
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class RaidAnalysesTest {

    private static final Instant START = Instant.parse("2025-11-23T12:00:00Z");
    private static final Instant CREATION_WAVE = Instant.parse("2025-11-20T14:00:00Z");
    private static final String SHARED_AVATAR = "0123456789abcdef0123456789abcdef";

    @Autowired
    private DataSource dataSource;
    @Autowired
    private JdbcClient jdbc;
    private RaidAnalyses analyses;
    private long raid;
    private RaidSummary summary;

    @BeforeEach
    void aRaidOfKnownShape() {
        analyses = new RaidAnalyses(dataSource, Clock.systemUTC(), Duration.ofMinutes(1));
        String publicId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        raid = jdbc.sql("""
                INSERT INTO raid (internal_id, public_id, guild_id, started_at, concluded_at)
                VALUES (:internal, :public, 1, :start, :end) RETURNING id""")
                .param("internal", "bot-" + publicId).param("public", publicId)
                .param("start", START.atOffset(ZoneOffset.UTC)).param("end", START.plusSeconds(3_600).atOffset(ZoneOffset.UTC))
                .query(Long.class).single();
        // The wave: 100 accounts a second apart from 12:00:00, raider0…raider99, no avatar, all
        // created in one hour three days before.
        for (int i = 0; i < 100; i++) {
            account(1_000 + i, "raider" + i, null, CREATION_WAVE.plusSeconds(i * 30L), START.plusSeconds(i));
        }
        // A second wave at 12:10: 30 accounts of one avatar, spam_<letters>, a day old.
        for (int i = 0; i < 30; i++) {
            String letters = "" + (char) ('a' + i / 26) + (char) ('a' + i % 26);
            account(2_000 + i, "spam_" + letters, SHARED_AVATAR, START.minus(Duration.ofDays(1)).plusSeconds(600 + i),
                    START.plusSeconds(600 + i));
        }
        // Three of one name in any case, and five ordinary members, years old, the last at 12:20.
        List.of("John", "john", "JOHN").forEach(name -> account(3_000 + name.hashCode() % 100, name, "aa" + name,
                Instant.parse("2019-01-01T00:00:00Z"), START.plusSeconds(300)));
        for (int i = 0; i < 5; i++) {
            account(4_000 + i, "Member " + (char) ('A' + i), "b" + i, Instant.parse("2018-06-01T00:00:00Z"),
                    START.plusSeconds(240L * (i + 1)));
        }
        jdbc.sql("UPDATE raid SET user_count = (SELECT count(*) FROM raid_user WHERE raid_id = :raid) WHERE id = :raid")
                .param("raid", raid).update();
        summary = new RaidQueries(dataSource).summary(publicId).orElseThrow();
    }

    @Test
    void everyBarHoldsWhatSqlCountsInItsRangeAndTheBusiestMinuteIsMarked() {
        RaidAnalysis analysis = analyses.of(summary);
        RaidChart joins = chart(analysis, "joins");

        // Twenty minutes of joins: bars of 30 seconds from 12:00:00, the last holding 12:20.
        assertThat(joins.bars()).hasSize(41);
        for (int i = 0; i < joins.bars().size(); i++) {
            Instant from = START.plusSeconds(30L * i);
            assertThat(joins.bars().get(i).count()).as("bar from %s", from)
                    .isEqualTo(countJoined(from, from.plusSeconds(30)));
        }
        assertThat(joins.bars()).filteredOn(RaidChart.Bar::marked).extracting(RaidChart.Bar::label)
                .containsExactly("2025-11-23 12:00:00", "2025-11-23 12:00:30");
        assertThat(joins.note()).isEqualTo("Busiest minute: 2025-11-23 12:00 UTC, 60 joins (43% of the raid).");
    }

    @Test
    void agesFallInTheirRangesAndTheYoungAreCounted() {
        RaidChart ages = chart(analyses.of(summary), "ages");

        Map<String, Long> byRange = ages.bars().stream()
                .collect(Collectors.toMap(RaidChart.Bar::label, RaidChart.Bar::count));
        // The raiders joined 2.5 to 3 days after they were made; the spammers a day after.
        assertThat(byRange).containsEntry("2 to 4 days", 100L).containsEntry("1 to 2 days", 30L)
                .containsEntry("4 years or more", 8L);
        assertThat(ages.bars().stream().mapToLong(RaidChart.Bar::count).sum()).isEqualTo(138);
        assertThat(ages.note()).startsWith("130 accounts (94%) were under a week old");
    }

    @Test
    void theCreationWaveIsTheMarkedHour() {
        RaidChart created = chart(analyses.of(summary), "created");

        assertThat(created.bars().stream().mapToLong(RaidChart.Bar::count).sum()).isEqualTo(138);
        assertThat(created.note()).isEqualTo("Most created in one hour: 2025-11-20 14:00 UTC, 100 accounts (72%).");
        // Seven years of creation dates: bars of 91 days, the marked one holding the wave's hour.
        assertThat(created.axis()).isEqualTo("Created (UTC, bars of 91 days)");
        assertThat(created.bars()).filteredOn(RaidChart.Bar::marked).singleElement().satisfies(bar -> {
            Instant from = Instant.parse(bar.label() + "T00:00:00Z");
            assertThat(from).isBeforeOrEqualTo(CREATION_WAVE).isAfter(CREATION_WAVE.minus(Duration.ofDays(91)));
            assertThat(bar.count()).isEqualTo(countCreated(from, from.plus(Duration.ofDays(91))));
        });
    }

    @Test
    void thePlantedClustersComeLargestFirstEachLinkingToItsFilter() {
        List<RaidAnalysis.Cluster> clusters = analyses.of(summary).clusters();

        // Largest first; of equal size, the name's rules before the avatar's.
        assertThat(clusters).extracting(RaidAnalysis.Cluster::id, RaidAnalysis.Cluster::accounts).containsExactly(
                tuple("stem:raider", "100 accounts"), tuple("noavatar", "100 accounts"),
                tuple("prefix:spam", "30 accounts"), tuple("avatar:" + SHARED_AVATAR, "30 accounts"),
                tuple("prefix:member", "5 accounts"), tuple("name:john", "3 accounts"));
        // "raider" is also every raider's first word: shown once, as the stem.
        assertThat(clusters).extracting(RaidAnalysis.Cluster::id).doesNotContain("prefix:raider");
        assertThat(clusters.getFirst().link()).isEqualTo("/raid/" + summary.publicId() + ".html?cluster=stem:raider");
        // Each cluster's filter selects exactly the accounts it counted.
        for (RaidAnalysis.Cluster cluster : clusters) {
            RaidCluster parsed = RaidCluster.parse(cluster.id());
            long selected = jdbc.sql("SELECT count(*) FROM raid_user WHERE raid_id = :raid AND " + parsed.condition())
                    .param("raid", raid).param("clusterKey", parsed.key()).query(Long.class).single();
            assertThat(cluster.accounts()).isEqualTo(selected + (selected == 1 ? " account" : " accounts"));
        }
    }

    @Test
    void theDrawnSvgCarriesEveryBarWithItsTextAlternatives() {
        RaidAnalysis analysis = analyses.of(summary);
        Document page = Jsoup.parse(Pages.render("raid_analysis.jte", analysis, 16_384), "", Parser.htmlParser());

        for (RaidChart chart : analysis.charts()) {
            Element figure = page.getElementById("chart-" + chart.id());
            assertThat(figure).isNotNull();
            Element svg = figure.selectFirst("svg");
            assertThat(svg.selectFirst("title").text()).isEqualTo(chart.title());
            assertThat(svg.selectFirst("desc").text()).isNotBlank();
            assertThat(svg.select("rect.bar")).extracting(rect -> Long.parseLong(rect.attr("data-count")))
                    .containsExactlyElementsOf(chart.bars().stream().map(RaidChart.Bar::count).toList());
            assertThat(figure.select("table.figures tbody tr")).hasSize(chart.bars().size());
        }
    }

    @Test
    void aHostileNameIsEscapedInThePageAndEncodedInItsLink() {
        for (int i = 0; i < 3; i++) {
            account(5_000 + i, "<b>x</b>&y=1\"", null, START, START.plusSeconds(700));
        }
        jdbc.sql("UPDATE raid SET user_count = user_count + 3 WHERE id = :raid").param("raid", raid).update();
        RaidAnalysis analysis = analyses.of(new RaidQueries(dataSource).summary(summary.publicId()).orElseThrow());
        Document page = Jsoup.parse(Pages.render("raid_analysis.jte", analysis, 16_384), "", Parser.htmlParser());

        Element link = page.select(".clusters a").stream().filter(a -> a.text().contains("<b>")).findFirst().orElseThrow();
        assertThat(page.select(".clusters b")).isEmpty();
        assertThat(link.text()).isEqualTo("“<b>x</b>&y=1\"”");
        assertThat(link.attr("href")).endsWith("?cluster=name:%3Cb%3Ex%3C/b%3E%26y%3D1%22");
    }

    @Test
    void aForgetIsNeverShownFromAKeptAnalysisOfALiveRaid() {
        jdbc.sql("UPDATE raid SET concluded_at = NULL WHERE id = :raid").param("raid", raid).update();
        RaidSummary live = new RaidQueries(dataSource).summary(summary.publicId()).orElseThrow();
        assertThat(analyses.of(live).clusters()).extracting(RaidAnalysis.Cluster::id).contains("prefix:spam");

        // What RaidForgetting does to the 30 spammers: their names and avatar go, the raid's revision moves.
        jdbc.sql("UPDATE raid_user SET name = 'Deleted user', avatar_hash = NULL WHERE raid_id = :raid AND user_id >= 2000 "
                + "AND user_id < 2030").param("raid", raid).update();
        jdbc.sql("UPDATE raid SET revision = revision + 1 WHERE id = :raid").param("raid", raid).update();
        RaidSummary forgotten = new RaidQueries(dataSource).summary(summary.publicId()).orElseThrow();

        assertThat(forgotten.size()).isEqualTo(live.size());
        assertThat(analyses.of(forgotten).clusters()).extracting(RaidAnalysis.Cluster::id)
                .doesNotContain("prefix:spam", "avatar:" + SHARED_AVATAR, "name:deleted user", "prefix:deleted")
                .contains("noavatar");
        assertThat(analyses.of(forgotten).clusters()).filteredOn(c -> c.id().equals("noavatar")).singleElement()
                .satisfies(c -> assertThat(c.accounts()).as("the forgotten are no pattern").isEqualTo("100 accounts"));
    }

    @Test
    void aPageThatCannotWaitIsToldTheChartsAreBeingDrawnAndALaterOneGetsThem() {
        RaidAnalyses impatient = new RaidAnalyses(dataSource, Clock.systemUTC(), Duration.ZERO);

        RaidAnalysis first = impatient.of(summary);
        assertThat(first.isDrawing()).isTrue();
        assertThat(first.drawing()).isEqualTo("The charts and patterns of these 138 accounts are being drawn: "
                + "reload the page in a few seconds.");
        assertThat(first.charts()).isEmpty();
        assertThat(Pages.render("raid_analysis.jte", first, 256)).contains("are being drawn");

        RaidAnalysis later = null;
        for (int i = 0; i < 300 && (later == null || later.isDrawing()); i++) {
            later = impatient.of(summary);
            if (later.isDrawing()) {
                sleep();
            }
        }
        assertThat(later.isDrawing()).isFalse();
        assertThat(later).isEqualTo(analyses.of(summary));
    }

    @Test
    void anEmptyRaidHasNothingToDraw() {
        jdbc.sql("DELETE FROM raid_user WHERE raid_id = :raid").param("raid", raid).update();
        jdbc.sql("UPDATE raid SET user_count = 0, revision = revision + 1 WHERE id = :raid").param("raid", raid).update();
        RaidSummary empty = new RaidQueries(dataSource).summary(summary.publicId()).orElseThrow();

        assertThat(analyses.of(empty).charts()).isEmpty();
        assertThat(Pages.render("raid_analysis.jte", analyses.of(empty), 256)).isBlank();
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static RaidChart chart(RaidAnalysis analysis, String id) {
        return analysis.charts().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    private long countJoined(Instant from, Instant until) {
        return jdbc.sql("SELECT count(*) FROM raid_user WHERE raid_id = :raid AND joined_at >= :from AND joined_at < :until")
                .param("raid", raid).param("from", from.atOffset(ZoneOffset.UTC)).param("until", until.atOffset(ZoneOffset.UTC))
                .query(Long.class).single();
    }

    private long countCreated(Instant from, Instant until) {
        return jdbc.sql("SELECT count(*) FROM raid_user WHERE raid_id = :raid AND created_at >= :from AND created_at < :until")
                .param("raid", raid).param("from", from.atOffset(ZoneOffset.UTC)).param("until", until.atOffset(ZoneOffset.UTC))
                .query(Long.class).single();
    }

    private void account(long id, String name, String avatar, Instant created, Instant joined) {
        jdbc.sql("""
                INSERT INTO raid_user (raid_id, user_id, name, avatar_hash, created_at, joined_at)
                VALUES (:raid, :id, :name, :avatar, :created, :joined)""")
                .param("raid", raid).param("id", id).param("name", name).param("avatar", avatar)
                .param("created", created.atOffset(ZoneOffset.UTC)).param("joined", joined.atOffset(ZoneOffset.UTC))
                .update();
    }
}
