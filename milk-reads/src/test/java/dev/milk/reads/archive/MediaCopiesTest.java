package dev.milk.reads.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPatternParser;

/** A link to a copy reaches {@code /media/{key}/{name}} whatever the file is called. */
class MediaCopiesTest {

    private static final String KEY = "cd".repeat(32);

    private static String link(String filename) {
        var copy = new MediaCopies.Copy(1, "https://cdn.discordapp.com/a/b/c.png", "attachment", "stored", KEY,
                "image/png", 1L, null);
        return MediaCopies.of(List.of(copy)).src(copy.url(), filename);
    }

    @Test
    void slashesControlsAndDotsCannotBreakTheLink() {
        assertThat(link("raid/evidence\\1.png")).isEqualTo("/media/" + KEY + "/raid_evidence_1.png");
        assertThat(link("a\u0000b\nc.png")).isEqualTo("/media/" + KEY + "/a_b_c.png");
        assertThat(link("..")).isEqualTo("/media/" + KEY + "/file");
        assertThat(link(".")).isEqualTo("/media/" + KEY + "/file");
        assertThat(link("")).isEqualTo("/media/" + KEY + "/file");
        assertThat(link("a;jsessionid=1.png")).isEqualTo("/media/" + KEY + "/a%3Bjsessionid=1.png");
        assertThat(link("raid 7 é?#%.png")).isEqualTo("/media/" + KEY + "/raid%207%20%C3%A9%3F%23%25.png");
    }

    @Test
    void everyLinkIsOneSegmentTheRouteMatchesAsTheNameItCarries() {
        var route = PathPatternParser.defaultInstance.parse("/media/{key}/{name}");
        for (String filename : List.of("raid/evidence\\1;2.png", "a;b", ";", "..", "%2F", "x\u202e.png")) {
            var match = route.matchAndExtract(PathContainer.parsePath(link(filename)));
            assertThat(match).as(filename).isNotNull();
            assertThat(match.getUriVariables().get("key")).isEqualTo(KEY);
            assertThat(match.getUriVariables().get("name")).doesNotContain("/", "\\").isNotEmpty();
        }
    }
}
