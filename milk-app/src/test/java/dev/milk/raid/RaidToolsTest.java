package dev.milk.raid;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.milk.MilkEndToEndTest;
import dev.milk.archive.Browser;
import dev.milk.archive.DiscordStandIn;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The raid log as a moderator's tool, through real Kafka and PostgreSQL: a raid of a guild of its
 * own with known names, ages, avatars and join times (seven accounts a millisecond, so pages end
 * inside equal join times), sharing 150 accounts with an earlier raid. Every filter on every route,
 * walked page by page; the ban list; the filtered page kept under its own key; the staff's views of
 * repeat raiders, refused to everyone else.
 */
class RaidToolsTest extends MilkEndToEndTest {

    private static final DiscordStandIn DISCORD = new DiscordStandIn();
    private static final int PORT = DiscordStandIn.freePort();
    private static final long STAFF = 4242L;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long JOINS = 1_763_899_200_000L;
    private static final long DAY = 86_400_000L;
    private static final String AVATAR = "a_0123456789abcdef0123456789abcdef";
    private static final Pattern NEXT_LINK = Pattern.compile("rel=\"next\" href=\"([^\"]+)\"");
    private static final Pattern ROW_ID = Pattern.compile("<td class=\"id\">(\\d+)</td>");

    @DynamicPropertySource
    static void login(DynamicPropertyRegistry settings) {
        DISCORD.login(settings, PORT);
        // Kept pages are trusted for an hour: a page read again tells itself apart from a kept one.
        settings.add("milk.reads.cache.revalidate", () -> "1h");
    }

    @Autowired
    JdbcTemplate jdbc;

    private static String guild;
    private static String earlierRaid;
    private static String raid;
    private static List<RaidUser> accounts;

    @BeforeEach
    void raids() {
        if (raid != null) {
            return;
        }
        guild = Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L, 900_000_000_000_000_000L));
        accounts = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            String name = i % 3 == 0 ? "Raider" + i : i % 3 == 1 ? "calm_" + i : "x%_" + i;
            long joined = JOINS + i / 7;
            long created = joined - (i % 2 == 0 ? 2 : 400) * DAY;
            accounts.add(new RaidUser(Long.toString(1_200_000_000_000_000_000L + (i * 7919L) % 1_000),
                    name, i % 5 == 0 ? AVATAR : null, created, joined));
        }
        // The earlier raid: 150 of the accounts (the first to join), and 50 of its own.
        List<RaidUser> before = new ArrayList<>(accounts.subList(0, 150).stream()
                .map(u -> new RaidUser(u.id(), u.name(), u.avatarHash(), u.createdAtMillis(), u.joinedAtMillis() - 30 * DAY))
                .toList());
        before.addAll(accounts(1_300_000_000_000_000_000L, 50, JOINS - 30 * DAY, 10));
        earlierRaid = raidOf(guild, before, null);
        raid = raidOf(guild, accounts, "Cats & <Dogs>");
    }

    @Test
    void everyFilterOnEveryRouteAnswersExactlyItsAccountsAcrossPages() {
        Map<String, Predicate<RaidUser>> filters = new LinkedHashMap<>();
        filters.put("maxAgeDays=7", u -> u.joinedAtMillis() - u.createdAtMillis() < 7 * DAY);
        filters.put("name=RAIDER", u -> u.name().toLowerCase().contains("raider"));
        filters.put("name=" + enc("%_"), u -> u.name().contains("%_"));
        filters.put("joinedAfter=" + enc(Instant.ofEpochMilli(JOINS + 30).toString()) + "&joinedBefore="
                + enc("2025-11-23T13:00:00.100+01:00"), u -> u.joinedAtMillis() >= JOINS + 30 && u.joinedAtMillis() < JOINS + 100);
        filters.put("cluster=stem:raider", u -> u.name().startsWith("Raider"));
        filters.put("cluster=avatar:" + AVATAR, u -> AVATAR.equals(u.avatarHash()));
        filters.put("cluster=noavatar&maxAgeDays=7", u -> u.avatarHash() == null
                && u.joinedAtMillis() - u.createdAtMillis() < 7 * DAY);
        for (var filter : filters.entrySet()) {
            List<String> expected = accounts.stream().filter(filter.getValue())
                    .sorted(Comparator.comparingLong(RaidUser::joinedAtMillis).thenComparing(u -> Long.parseLong(u.id())))
                    .map(RaidUser::id).toList();
            assertThat(expected).as(filter.getKey()).hasSizeGreaterThan(0);
            String query = filter.getKey();

            assertThat(jsonPages(query)).as("JSON, " + query).containsExactlyElementsOf(expected);
            assertThat(htmlPages(query)).as("HTML, " + query).containsExactlyElementsOf(expected);
            assertThat(body("/raid/" + raid + "/ids.txt?" + query).lines().toList()).as("ids.txt, " + query)
                    .containsExactlyElementsOf(expected);
            assertThat(body("/raid/" + raid + ".csv?" + query).lines().skip(1).map(l -> l.substring(0, l.indexOf(',')))
                    .toList()).as("CSV, " + query).containsExactlyElementsOf(expected);
            for (String text : List.of("/raid/" + raid + "?", "/raid/" + raid + ".txt?")) {
                String body = body(text + query);
                assertThat(body).as(text).contains("Matching ").contains(": " + expected.size() + " account");
                assertThat(body.substring(body.indexOf("Raw IDs:")).lines().filter(l -> l.matches("\\d+")).toList())
                        .as(text + query).containsExactlyElementsOf(expected);
            }
            String page = body("/raid/" + raid + ".html?" + query);
            String banList = page.substring(page.indexOf("<textarea"), page.indexOf("</textarea>"));
            assertThat(banList.substring(banList.indexOf('>') + 1).lines().toList()).as("the page's ban list, " + query)
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void thePageNamesTheGuildAndTheRaidsReasonAndLinksTheStaffViewsOnly() {
        jdbc.update("UPDATE raid SET reason = ? WHERE public_id = ? AND reason IS NULL", "1,000 joins in 2 s", raid);
        // Pages of this raid may be kept already: a filter of its own reads it afresh.
        String page = body("/raid/" + raid + ".html?maxAgeDays=36500");

        assertThat(page).contains("<h1>Raid on Cats &amp; &lt;Dogs&gt;</h1><p class=\"reason\">1,000 joins in 2 s</p>").contains("<title>Raid on Cats &amp; &lt;Dogs&gt; · Milk")
                .contains("href=\"/raid/" + raid + "/repeats\">Accounts seen in earlier raids — staff only</a>")
                .doesNotContain(earlierRaid).doesNotContain("were in earlier raids");
        assertThat(body("/raid/" + raid + ".txt?maxAgeDays=36500"))
                .startsWith("Userbot raid detected against server Cats & <Dogs> (" + guild + ") on 2025-11-23\n");
        JsonNode json = JSON.readTree(body("/raid/" + raid + ".json?maxAgeDays=36500"));
        assertThat(json.get("raid").get("guildName").asString()).isEqualTo("Cats & <Dogs>");
        assertThat(JSON.readTree(body("/raid/" + earlierRaid + ".json")).get("raid").has("guildName"))
                .as("a raid without a name keeps the original shape").isFalse();
    }

    @Test
    void aBadFilterIsA400NamingItOnEveryRoute() {
        Map<String, String> bad = Map.of("maxAgeDays", "abc", "joinedAfter", "2025-13-01T00:00:00Z",
                "joinedBefore", "10000-01-01T00:00:00Z", "name", "n".repeat(101), "cluster", "colour:red");
        for (String route : List.of("", ".txt", ".json", ".html", ".csv", "/ids.txt")) {
            for (var parameter : bad.entrySet()) {
                HttpResponse<String> answer = get("/raid/" + raid + route + "?" + parameter.getKey() + "="
                        + enc(parameter.getValue()));
                assertThat(answer.statusCode()).as(route + " " + parameter.getKey()).isEqualTo(400);
                assertThat(answer.body()).as(route).startsWith("400 Bad Request: " + parameter.getKey() + " ")
                        .hasLineCount(1);
            }
        }
    }

    @Test
    void aFilteredPageIsKeptUnderItsOwnKey() {
        String kept = raidOf(guild, accounts(1_400_000_000_000_000_000L, 30, JOINS, 1_000).stream()
                .map(u -> new RaidUser(u.id(), Long.parseLong(u.id()) % 2 == 0 ? "even" : "odd", null, u.createdAtMillis(),
                        u.joinedAtMillis())).toList(), null);
        String whole = body("/raid/" + kept + ".html");
        String even = body("/raid/" + kept + ".html?name=even");
        assertThat(even).isNotEqualTo(whole).doesNotContain(">odd</span>");

        jdbc.update("UPDATE raid_user SET name = 'renamed' || name WHERE raid_id = (SELECT id FROM raid WHERE public_id = ?)",
                kept);

        assertThat(body("/raid/" + kept + ".html?name=even")).as("kept under its filter").isEqualTo(even);
        assertThat(body("/raid/" + kept + ".html")).as("kept apart from it").isEqualTo(whole);
        assertThat(body("/raid/" + kept + ".html?name=odd")).as("another filter, read afresh").contains(">renamedodd</span>");
    }

    @Test
    void theStaffSeeRepeatRaidersAndNobodyElseDoes() {
        jdbc.update("""
                INSERT INTO guild_access (guild_id, staff_role_ids, archive_visibility, raid_visibility, changed_by, changed_at)
                VALUES (?, ?, 'public', 'public', 1, now()) ON CONFLICT (guild_id) DO NOTHING""",
                Long.parseLong(guild), new Long[] {STAFF});
        DISCORD.user("raid-staff", 8101L);
        DISCORD.user("raid-member", 8102L);
        DISCORD.member("raid-staff", guild, List.of(STAFF));
        DISCORD.member("raid-member", guild, List.of());
        Browser staff = loggedIn("raid-staff");
        Browser member = loggedIn("raid-member");
        Browser anonymous = new Browser(null);
        String repeats = "/raid/" + raid + "/repeats";
        String overlap = "/raid/" + raid + "/overlap/" + earlierRaid;

        var page = staff.send("GET", milk(repeats));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("private, no-store");
        assertThat(page.body()).contains("150 accounts of this raid were in earlier raids")
                .contains("href=\"" + overlap + "\"").contains(">150 accounts</a>");
        var shared = staff.send("GET", milk(overlap));
        assertThat(shared.statusCode()).isEqualTo(200);
        assertThat(shared.headers().firstValue("Cache-Control")).hasValue("private, no-store");
        String ids = shared.body().substring(shared.body().indexOf("<textarea"), shared.body().indexOf("</textarea>"));
        assertThat(ids.substring(ids.indexOf('>') + 1).lines().toList())
                .containsExactlyInAnyOrderElementsOf(accounts.subList(0, 150).stream().map(RaidUser::id).toList());
        assertThat(shared.body()).contains("150 shared accounts");
        assertThat(staff.send("GET", milk("/raid/" + earlierRaid + "/repeats")).body())
                .as("a later raid is no earlier raid").contains("No account of this raid was in an earlier raid");
        String elsewhere = raidOf("81384788765712999", accounts.subList(0, 3), null);
        assertThat(staff.send("GET", milk("/raid/" + raid + "/overlap/" + elsewhere)).statusCode())
                .as("another guild's raid").isEqualTo(404);

        for (String route : List.of(repeats, overlap)) {
            assertThat(member.send("GET", milk(route)).statusCode()).as(route).isEqualTo(403);
            assertThat(member.send("GET", milk(route)).body()).doesNotContain(accounts.getFirst().id());
            var refused = anonymous.send("GET", milk(route));
            assertThat(refused.statusCode()).as(route).isEqualTo(302);
            assertThat(refused.headers().firstValue("Location")).hasValue("/oauth2/authorization/discord");
            assertThat(get(route).statusCode()).as("never kept: a stranger after the staff").isEqualTo(302);
        }
    }

    /** Every id of the JSON pages, following {@code nextUrl} and, alike, {@code next} with the filter. */
    private List<String> jsonPages(String query) {
        List<String> seen = new ArrayList<>();
        String path = "/raid/" + raid + ".json?" + query;
        while (path != null) {
            JsonNode page = JSON.readTree(body(path));
            page.get("users").get("data").forEach(u -> seen.add(u.get("id").asString()));
            JsonNode next = page.get("users").get("next");
            if (next.isNull()) {
                assertThat(page.get("users").has("nextUrl")).isFalse();
                path = null;
            } else {
                path = page.get("users").get("nextUrl").asString();
                assertThat(path).isEqualTo("/raid/" + raid + ".json?cursor=" + next.asString() + "&" + canonical(query));
            }
        }
        return seen;
    }

    /** Every id of the HTML pages, following their next links. */
    private List<String> htmlPages(String query) {
        List<String> seen = new ArrayList<>();
        String path = "/raid/" + raid + ".html?" + query;
        while (path != null) {
            String page = body(path);
            ROW_ID.matcher(page).results().forEach(m -> seen.add(m.group(1)));
            Matcher next = NEXT_LINK.matcher(page);
            path = next.find() ? next.group(1).replace("&amp;", "&") : null;
        }
        return seen;
    }

    /** The query as the filter spells it back: times in UTC, in its order of parameters. */
    private static String canonical(String query) {
        return query.replace(enc("2025-11-23T13:00:00.100+01:00"), "2025-11-23T12:00:00.100Z")
                .replace(enc(Instant.ofEpochMilli(JOINS + 30).toString()), Instant.ofEpochMilli(JOINS + 30).toString())
                .replace("cluster=noavatar&maxAgeDays=7", "maxAgeDays=7&cluster=noavatar");
    }

    private String raidOf(String guildId, List<RaidUser> users, String guildName) {
        String raidId = newRaidId();
        String publicId = await(client.createRaid(raidId, guildId)).publicId();
        await(client.insertUsers(raidId, guildId, users));
        // Until the writers store create-raid's guildName.
        jdbc.update("UPDATE raid SET guild_name = ? WHERE public_id = ?", guildName, publicId);
        await(client.concludeRaid(raidId, guildId, null));
        return publicId;
    }

    private String body(String path) {
        HttpResponse<String> answer = get(path);
        assertThat(answer.statusCode()).as(path).isEqualTo(200);
        return answer.body();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private Browser loggedIn(String account) {
        Browser browser = new Browser(account);
        assertThat(browser.open(milk("/oauth2/authorization/discord")).statusCode()).as(account).isEqualTo(200);
        return browser;
    }

    private static URI milk(String path) {
        return URI.create("http://127.0.0.1:" + PORT + path);
    }
}
