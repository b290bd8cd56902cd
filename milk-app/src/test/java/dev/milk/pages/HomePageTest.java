package dev.milk.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.milk.MilkEndToEndTest;

/** {@code /} tells a visitor what Milk is and where its contracts are, and lists nothing it keeps. */
class HomePageTest extends MilkEndToEndTest {

    @Test
    void theHomePageLinksTheContractsAndListsNoRaid() {
        String raid = publish(newRaidId(), accounts(710_000_000_000_000_000L, 2, 1_763_899_000_000L, 1));

        HttpResponse<String> home = get("/");

        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
        assertThat(home.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                policy -> assertThat(policy).startsWith("default-src 'none'"));
        assertThat(home.headers().firstValue("Cache-Control")).hasValue("max-age=3600, public");
        assertThat(home.body()).contains("<a href=\"/openapi.json\">", "<a href=\"/asyncapi.yaml\">", "docs/events.md")
                .doesNotContain(raid);
        assertThat(get("/openapi.json").statusCode()).isEqualTo(200);
    }
}
