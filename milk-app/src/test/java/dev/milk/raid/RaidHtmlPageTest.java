package dev.milk.raid;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.milk.MilkEndToEndTest;

class RaidHtmlPageTest extends MilkEndToEndTest {

    private static final Pattern ID = Pattern.compile("<td class=\"id\">(\\d+)</td>");
    private static final Pattern NEXT = Pattern.compile("href=\"(/raid/[^\"]+\\.html\\?cursor=[^\"]+)\"");

    @Test
    void everyAccountOnceAcrossThePagesWithHostileNamesAsText() {
        List<RaidUser> users = new ArrayList<>(accounts(830_000_000_000_000_000L, 449, 1_763_899_000_000L, 0));
        users.add(new RaidUser("830000000000100000", "<img src=x onerror=alert(1)>", "a_0123", 1_763_800_000_000L,
                1_763_899_000_000L));
        String publicId = publish(newRaidId(), users);

        HttpResponse<String> first = get("/raid/" + publicId + ".html");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("default-src 'none'");
        assertThat(first.body()).contains("<title>Raid on server " + GUILD + " · Milk</title>")
                .contains("450 accounts").contains("still going on");

        Set<String> seen = new HashSet<>();
        StringBuilder all = new StringBuilder();
        String path = "/raid/" + publicId + ".html";
        int pages = 0;
        while (path != null) {
            String body = get(path).body();
            all.append(body);
            pages++;
            Matcher ids = ID.matcher(body);
            while (ids.find()) {
                assertThat(seen.add(ids.group(1))).as("seen twice: " + ids.group(1)).isTrue();
            }
            Matcher next = NEXT.matcher(body);
            path = next.find() ? next.group(1) : null;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(all.toString()).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img src=x")
                .contains("class=\"young\">1 d</td>");
        assertThat(seen).hasSize(450);
        assertThat(get("/raid/AAAAAAAAAAAA.html").statusCode()).isEqualTo(404);
        assertThat(get("/raid/" + publicId + ".html?cursor=nope").statusCode()).isEqualTo(400);
    }
}
