package dev.milk.raid;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.MilkEndToEndTest;

/**
 * The raid page's charts and patterns, through real Kafka and PostgreSQL: a raid of known waves
 * published as a bot does, its page parsed, and every drawn bar held against what SQL counts in the
 * bar's range; the marked bars are the busiest minute and creation hour SQL finds; every cluster's
 * link selects exactly the accounts it counted.
 */
class RaidChartsTest extends MilkEndToEndTest {

    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyBarAndClusterOfThePageIsWhatSqlCounts() {
        String raidId = newRaidId();
        String publicId = publish(raidId, RaidWaves.accounts());
        await(client.concludeRaid(raidId, GUILD, Instant.ofEpochMilli(RaidWaves.START + 3_600_000L)));
        long raid = jdbc.queryForObject("SELECT id FROM raid WHERE public_id = ?", Long.class, publicId);

        Document page = Jsoup.parse(drawn("/raid/" + publicId + ".html"));

        List<Element> joins = bars(page, "joins");
        assertThat(joins).hasSizeGreaterThan(10);
        assertBarsCount(raid, "joined_at", joins, SECOND);
        Instant busiestMinute = jdbc.queryForObject("""
                SELECT date_trunc('minute', joined_at, 'UTC') FROM raid_user WHERE raid_id = ?
                GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""", Timestamp.class, raid).toInstant();
        assertThat(joins).filteredOn(bar -> bar.hasClass("marked")).isNotEmpty()
                .allSatisfy(bar -> assertThat(start(bar, SECOND)).isBetween(busiestMinute,
                        busiestMinute.plusSeconds(59)));

        List<Element> created = bars(page, "created");
        assertBarsCount(raid, "created_at", created, created.getFirst().attr("data-label").length() > 10 ? MINUTE : null);
        assertThat(page.getElementById("chart-created").selectFirst(".chart-note").text())
                .isEqualTo("Most created in one hour: 2025-11-21 12:00 UTC, 300 accounts (72%).");

        List<Element> ages = bars(page, "ages");
        assertThat(ages.stream().mapToLong(RaidChartsTest::count).sum()).isEqualTo(RaidWaves.accounts().size());
        long young = jdbc.queryForObject("SELECT count(*) FROM raid_user WHERE raid_id = ? "
                + "AND joined_at - created_at < interval '7 days'", Long.class, raid);
        assertThat(ages.stream().filter(bar -> bar.hasClass("marked")).mapToLong(RaidChartsTest::count).sum())
                .isEqualTo(young).isEqualTo(380);

        List<Element> clusters = page.select(".clusters li");
        assertThat(clusters).extracting(li -> li.selectFirst("a").attr("href").replaceAll(".*cluster=", ""))
                .startsWith("noavatar", "stem:raider", "prefix:free", "avatar:" + RaidWaves.SHARED_AVATAR);
        assertThat(clusters).extracting(li -> li.selectFirst("a").attr("href"))
                .as("a '+' stays a '+' through a link").contains("/raid/" + publicId + ".html?cluster=stem:c%2B%2B");
        for (Element cluster : clusters) {
            String link = cluster.selectFirst("a").attr("href");
            String ids = get("/raid/" + publicId + "/ids.txt?" + link.substring(link.indexOf('?') + 1)).body();
            assertThat(ids.lines().count() + (ids.lines().count() == 1 ? " account" : " accounts"))
                    .as(link).isEqualTo(cluster.selectFirst(".count").text());
        }
    }

    @Test
    void aClusterNoPageLinksWithIsRefusedNamingTheParameter() {
        String publicId = publish(newRaidId(), RaidWaves.accounts());

        for (String cluster : List.of("name:a%00b", "kind:x", "stem:", "avatar:" + "a".repeat(200))) {
            var answer = get("/raid/" + publicId + ".html?cluster=" + cluster);
            assertThat(answer.statusCode()).as(cluster).isEqualTo(400);
            assertThat(answer.body()).as(cluster).startsWith("400 Bad Request: cluster ").doesNotContain("\n\tat ");
        }
    }

    /** The page once its charts are drawn: on a busy machine the first answers may say they are being drawn. */
    private String drawn(String path) {
        String[] body = new String[1];
        eventually(() -> !(body[0] = get(path).body()).contains("are being drawn"), "the raid's charts drawn");
        return body[0];
    }

    private static List<Element> bars(Document page, String chart) {
        Element figure = page.getElementById("chart-" + chart);
        assertThat(figure).as(chart).isNotNull();
        assertThat(figure.selectFirst("svg > title")).isNotNull();
        assertThat(figure.select("table.figures tbody tr")).hasSize(figure.select("rect.bar").size());
        return figure.select("rect.bar");
    }

    /** Each bar from its label to the next one's (the last as wide as the others) holds what SQL counts there. */
    private void assertBarsCount(long raid, String column, List<Element> bars, DateTimeFormatter format) {
        Duration width = Duration.between(start(bars.get(0), format), start(bars.get(1), format));
        for (Element bar : bars) {
            Instant from = start(bar, format);
            long counted = jdbc.queryForObject("SELECT count(*) FROM raid_user WHERE raid_id = ? AND " + column
                    + " >= ? AND " + column + " < ?", Long.class, raid, Timestamp.from(from),
                    Timestamp.from(from.plus(width)));
            assertThat(count(bar)).as("%s bar from %s", column, from).isEqualTo(counted);
        }
    }

    private static Instant start(Element bar, DateTimeFormatter format) {
        String label = bar.attr("data-label");
        return format == null ? LocalDate.parse(label).atStartOfDay(ZoneOffset.UTC).toInstant()
                : LocalDateTime.parse(label, format).toInstant(ZoneOffset.UTC);
    }

    private static long count(Element bar) {
        return Long.parseLong(bar.attr("data-count"));
    }
}
