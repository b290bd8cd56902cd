package dev.milk.raid;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.milk.MilkEndToEndTest;

class RaidTextPageTest extends MilkEndToEndTest {

    @Test
    void aSmallRaidReadsExactlyLikeThis() {
        String raidId = newRaidId();
        String publicId = publish(raidId, List.of(
                new RaidUser("1000000000000000002", "second\nForged line", null, 1_700_000_000_000L, 1_763_899_201_500L),
                new RaidUser("999999999999999999", "first", "a_0123", 1_700_000_000_000L, 1_763_899_200_000L),
                new RaidUser("1000000000000000001", "tied \u202Eevil", null, 1_700_000_000_000L, 1_763_899_201_500L)));

        HttpResponse<String> page = get("/raid/" + publicId);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
        assertThat(page.headers().firstValue("X-Robots-Tag")).hasValue("noindex");
        assertThat(page.body()).isEqualTo("""
                Userbot raid detected against server 81384788765712384 on 2025-11-23
                Raid size: 3 accounts

                Joined at:                 ID:                    Username:

                2025-11-23T12:00:00.000Z   999999999999999999     first
                2025-11-23T12:00:01.500Z   1000000000000000001    tied \uFFFDevil
                2025-11-23T12:00:01.500Z   1000000000000000002    second\uFFFDForged line

                Raw IDs:

                999999999999999999
                1000000000000000001
                1000000000000000002
                """);
    }

    @Test
    void aRaidWithoutAccountsSaysSo() {
        String publicId = await(client.createRaid(newRaidId(), GUILD)).publicId();
        assertThat(get("/raid/" + publicId).body()).endsWith("""
                There are no users logged for this raid at this moment. It is likely that the raid is still \
                being processed, please come back later!
                """);
    }

    @Test
    void aBigRaidShowsTwoThousandAccountsAndPointsToTheJsonApi() {
        String publicId = publish(newRaidId(), accounts(800_000_000_000_000_000L, 2_500, 1_763_899_000_000L, 10));

        String body = get("/raid/" + publicId).body();

        assertThat(body).contains("Raid size: 2,500 accounts\n");
        List<String> lines = body.lines().toList();
        assertThat(lines).filteredOn(l -> l.startsWith("2025-11-23T")).hasSize(2_000);
        assertThat(lines).filteredOn(l -> l.matches("[0-9]+")).hasSize(2_000)
                .startsWith("800000000000000000").endsWith("800000000000001999");
        assertThat(lines.getLast()).isEqualTo("This page shows the first 2,000 of 2,500 accounts. "
                + "All of them, 200 per page: /raid/" + publicId + ".json (follow 'next')");
    }

    @Test
    void aConcludedRaidIsCachedAndRevalidatedWithItsStrongEtag() {
        String raidId = newRaidId();
        String publicId = publish(raidId, accounts(810_000_000_000_000_000L, 3, 1_763_899_000_000L, 10));
        HttpResponse<String> live = get("/raid/" + publicId);
        assertThat(live.headers().firstValue("Cache-Control")).hasValue("max-age=10, public");

        await(client.concludeRaid(raidId, GUILD, null));
        HttpResponse<String> concluded = get("/raid/" + publicId);
        String etag = concluded.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).startsWith("\"").doesNotStartWith("W/").isNotEqualTo(live.headers().firstValue("ETag").orElseThrow());
        assertThat(concluded.headers().firstValue("Cache-Control")).hasValue("max-age=86400, public");

        HttpResponse<String> revalidated = get("/raid/" + publicId, "If-None-Match", etag);
        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(revalidated.body()).isEmpty();
        assertThat(get("/raid/" + publicId + ".json", "If-None-Match", etag).statusCode())
                .as("another representation has another tag").isEqualTo(200);
    }

    @Test
    void unknownIdsAreNotFoundAndOldLinksRedirect() {
        for (String id : List.of("AAAAAAAAAAAA", "not-an-id", "%3Cscript%3E", "AAAAAAAAAAAA.json")) {
            HttpResponse<String> page = get("/raid/" + id);
            assertThat(page.statusCode()).as(id).isEqualTo(404);
            assertThat(page.body()).as(id).isEqualTo("404 Not Found: no raid has this id\n");
        }
        HttpResponse<String> old = get("/antispam/AbCdEf012345");
        assertThat(old.statusCode()).isEqualTo(301);
        assertThat(old.headers().firstValue("Location")).hasValue("/raid/AbCdEf012345");
    }
}
