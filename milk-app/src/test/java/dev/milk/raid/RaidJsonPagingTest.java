package dev.milk.raid;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.milk.MilkEndToEndTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RaidJsonPagingTest extends MilkEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long SHARED_JOIN = 1_763_899_100_000L;
    private static String publicId;
    private static List<RaidUser> users;

    /** 5,000 accounts; 1,000 of them joined in the same millisecond, as a bot wave does. */
    @BeforeEach
    void aRaidWithATiedWave() {
        if (publicId != null) {
            return;
        }
        users = new ArrayList<>(accounts(700_000_000_000_000_000L, 2_000, 1_763_899_000_000L, 7));
        users.addAll(accounts(700_000_000_000_100_000L, 1_000, SHARED_JOIN, 0));
        users.addAll(accounts(700_000_000_000_200_000L, 2_000, SHARED_JOIN + 1, 7));
        java.util.Collections.shuffle(users, new java.util.Random(7));
        publicId = publish(newRaidId(), users);
    }

    @Test
    void walkingEveryPageReturnsEachAccountExactlyOnce() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = json("/raid/" + publicId + ".json" + (cursor == null ? "" : "?cursor=" + cursor));
            pages++;
            JsonNode data = page.get("users").get("data");
            assertThat(page.get("users").get("size").asInt()).isEqualTo(data.size()).isLessThanOrEqualTo(200);
            data.forEach(user -> seen.add(user.get("id").asString()));
            cursor = page.get("users").get("next").isNull() ? null : page.get("users").get("next").asString();
        } while (cursor != null);

        assertThat(pages).isEqualTo(25);
        assertThat(seen).hasSize(5_000).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(users.stream().map(RaidUser::id).toList());
    }

    @Test
    void thePageHasTheOriginalShape() {
        JsonNode page = json("/raid/" + publicId + ".json");
        assertThat(page.get("raid").get("guild").asString()).isEqualTo(GUILD);
        assertThat(page.get("raid").get("size").asLong()).isEqualTo(5_000);
        assertThat(page.get("raid").get("concludedAt").isNull()).isTrue();
        assertThat(page.get("raid").get("startedAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        JsonNode first = page.get("users").get("data").get(0);
        assertThat(first.get("id").isString()).isTrue();
        assertThat(first.get("id").asString()).isEqualTo("700000000000000000");
        assertThat(first.get("joinedAt").asString()).isEqualTo("2025-11-23T11:56:40.000Z");
        assertThat(first.get("createdAt").asString()).isEqualTo("2023-11-14T22:13:20.000Z");
        assertThat(first.get("name").asString()).isEqualTo("bot0");
        assertThat(first.has("avatarHash")).isTrue();
    }

    @Test
    void theOriginalPlainTimeCursorStillWorks() {
        String after = "2025-11-23T11:58:20.000Z";   // SHARED_JOIN
        JsonNode page = json("/raid/" + publicId + ".json?cursor=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
        Set<String> joinTimes = new HashSet<>();
        page.get("users").get("data").forEach(u -> joinTimes.add(u.get("joinedAt").asString()));
        assertThat(joinTimes).allMatch(t -> t.compareTo(after) > 0);
        assertThat(page.get("users").get("data").get(0).get("id").asString()).isEqualTo("700000000000200000");
    }

    @Test
    void aBadCursorIsABadRequestWithOneLine() {
        for (String cursor : List.of("garbage", "AAAA", "2025-13-45T99:00:00Z", "x".repeat(500), "LTE.LTE")) {
            HttpResponse<String> answer = get("/raid/" + publicId + ".json?cursor=" + cursor);
            assertThat(answer.statusCode()).as(cursor).isEqualTo(400);
            assertThat(answer.body()).as(cursor).startsWith("400 Bad Request: cursor ").endsWith("\n")
                    .hasLineCount(1);
        }
    }

    private JsonNode json(String path) {
        HttpResponse<String> answer = get(path);
        assertThat(answer.statusCode()).as(path).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(answer.body());
    }
}
