package dev.milk.reads.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** Search excerpts: the page's markdown, cut to a window, matches marked, nothing the page hides shown. */
class ExcerptTest {

    private static final Instant NOW = Instant.parse("2025-11-26T12:00:00Z");
    private static final Mentions MENTIONS = new Mentions(Map.of(500L, new Mentions.Named("moderator", null, null),
            501L, new Mentions.Named("<img src=x onerror=alert(1)>", null, null)), Map.of(), Map.of());
    private static final DiscordMarkdown.Context CONTEXT = new DiscordMarkdown.Context(MENTIONS, NOW, new TreeSet<>());

    private static Excerpt excerpt(String content, String words) {
        return Excerpt.of(content, Headlines.marking(content, words));
    }

    private static String html(String content, String words) {
        return excerpt(content, words).html(CONTEXT).html();
    }

    private static Excerpt.Plain plain(String content, String words) {
        return excerpt(content, words).plain(CONTEXT);
    }

    private static List<String> highlighted(Excerpt.Plain plain) {
        return plain.highlights().stream().map(r -> plain.text().substring(r.start(), r.end())).toList();
    }

    /** What a reader sees without pointing at anything: the text outside spoilers. */
    private static String visible(String html) {
        Document page = Jsoup.parseBodyFragment(html);
        page.select(".spoiler").remove();
        return page.text();
    }

    private static String words(String word, int count) {
        return IntStream.range(0, count).mapToObj(i -> word + i).collect(Collectors.joining(" "));
    }

    @Test
    void rendersMarkdownAsThePageDoesWithTheMatchesMarked() {
        String content = "the raid started with <@500> posting **free Nitro** links, ~~not~~ `nitro <b>` and *nitro*";
        assertThat(html(content, "nitro")).isEqualTo("the raid started with <span class=\"mention\">@moderator</span>"
                + " posting <strong>free <mark>Nitro</mark></strong> links, <s>not</s> <code><mark>nitro</mark> &lt;b&gt;</code>"
                + " and <em><mark>nitro</mark></em>");
        Excerpt.Plain plain = plain(content, "nitro");
        assertThat(plain.text()).isEqualTo("the raid started with @moderator posting free Nitro links, not nitro <b> and nitro");
        assertThat(highlighted(plain)).containsExactly("Nitro", "nitro", "nitro");
        assertThat(plain.spoilers()).isEmpty();
        assertThat(plain.hidden()).isEmpty();
    }

    @Test
    void aMatchedMentionIsMarkedWhole() {
        assertThat(html("ping <@500> now", "500")).isEqualTo("ping <mark><span class=\"mention\">@moderator</span></mark> now");
        assertThat(highlighted(plain("ping <@500> now", "500"))).containsExactly("@moderator");
    }

    @Test
    void contentAndNamesAreEscaped() {
        assertThat(html("<script>alert('nitro')</script> <@501>", "nitro")).isEqualTo(
                "&lt;script&gt;alert(&#39;<mark>nitro</mark>&#39;)&lt;/script&gt; "
                        + "<span class=\"mention\">@&lt;img src=x onerror=alert(1)&gt;</span>");
    }

    @Test
    void aMatchInsideASpoilerStaysHiddenInItAndIsSaid() {
        String content = "the password is ||hunter2 or **needle**|| ok";
        Excerpt.Html html = excerpt(content, "needle").html(CONTEXT);
        assertThat(html.html()).isEqualTo(
                "the password is <span class=\"spoiler\">hunter2 or <strong><mark>needle</mark></strong></span> ok");
        assertThat(html.hidden()).containsExactly(Excerpt.Hidden.SPOILER);
        assertThat(visible(html.html())).isEqualTo("the password is ok");

        Excerpt.Plain plain = plain(content, "needle");
        assertThat(plain.text()).isEqualTo("the password is [spoiler] ok");
        assertThat(plain.highlights()).as("nothing of the spoiler is highlighted").isEmpty();
        assertThat(plain.spoilers()).containsExactly(new Excerpt.Range(16, 25));
        assertThat(plain.hidden()).containsExactly(Excerpt.Hidden.SPOILER);
    }

    @Test
    void aSpoilerWhoseOpeningTheWindowCutsOffIsStillHidden() {
        String content = "intro ||" + words("secret", 50) + "|| the needle here " + words("after", 40);
        Excerpt.Html html = excerpt(content, "needle").html(CONTEXT);
        assertThat(html.html()).startsWith("… <span class=\"spoiler\">secret41 secret42")
                .contains("secret49</span> the <mark>needle</mark> here after0 ");
        assertThat(visible(html.html())).isEqualTo("… the needle here " + words("after", 28) + " …");
        assertThat(html.hidden()).isEmpty();
        Excerpt.Plain plain = plain(content, "needle");
        assertThat(plain.text()).isEqualTo("… [spoiler] the needle here " + words("after", 28) + " …");
        assertThat(highlighted(plain)).containsExactly("needle");
    }

    @Test
    void aSpoilerWhoseClosingTheWindowCutsOffIsStillHidden() {
        String content = "the needle is here ||" + words("secret", 60) + "|| and after";
        String html = html(content, "needle");
        assertThat(html).startsWith("the <mark>needle</mark> is here <span class=\"spoiler\">secret0 ")
                .endsWith("secret35</span> …");
        assertThat(visible(html)).isEqualTo("the needle is here …").doesNotContain("||");
        assertThat(plain(content, "needle").text()).isEqualTo("the needle is here [spoiler] …");
    }

    @Test
    void aMaskedLinkShowsItsTextAndNeverItsTargetAsText() {
        String content = "[click here](https://evil.example/path) for the needle";
        String html = html(content, "needle");
        assertThat(html).isEqualTo("<a href=\"https://evil.example/path\" title=\"https://evil.example/path\" "
                + "rel=\"noopener noreferrer nofollow\" target=\"_blank\">click here</a> for the <mark>needle</mark>");
        assertThat(Jsoup.parseBodyFragment(html).text()).isEqualTo("click here for the needle");
        assertThat(plain(content, "needle").text()).isEqualTo("click here for the needle");
    }

    @Test
    void aMaskedLinkTheWindowCutsIsStillALinkWithoutItsTargetAsText() {
        String content = words("word", 45) + " [" + words("link", 20) + "](https://evil.example/path) the needle "
                + words("after", 40);
        String html = html(content, "needle");
        assertThat(html).startsWith("… <a href=\"https://evil.example/path\" title=\"https://evil.example/path\" "
                + "rel=\"noopener noreferrer nofollow\" target=\"_blank\">link11 link12")
                .contains("link19</a> the <mark>needle</mark> after0");
        assertThat(Jsoup.parseBodyFragment(html).text()).doesNotContain("evil").doesNotContain("](");
        assertThat(plain(content, "needle").text()).startsWith("… link11 link12").doesNotContain("evil");
    }

    @Test
    void aMatchInALinksAddressOnlyShowsTheLinkAndSaysWhere() {
        String content = "see [the docs](https://evil.example/x) now";
        Excerpt.Html html = excerpt(content, "evil\\.example").html(CONTEXT);
        assertThat(html.html()).doesNotContain("<mark>").contains(">the docs</a> now");
        assertThat(html.hidden()).containsExactly(Excerpt.Hidden.LINK);
        Excerpt.Plain plain = plain(content, "evil\\.example");
        assertThat(plain.text()).isEqualTo("see the docs now");
        assertThat(plain.highlights()).isEmpty();
        assertThat(plain.hidden()).containsExactly(Excerpt.Hidden.LINK);
    }

    @Test
    void aBareLinkIsTextOnThePageSoItsMatchIsMarked() {
        assertThat(html("go https://milk.dev/a now", "milk\\.dev")).isEqualTo("go <a href=\"https://milk.dev/a\" "
                + "rel=\"noopener noreferrer nofollow\" target=\"_blank\">https://<mark>milk.dev</mark>/a</a> now");
    }

    @Test
    void theWindowOpensOnTheFirstMatchInPlainSight() {
        String content = "||needle|| " + words("word", 60) + " the needle " + words("after", 60);
        Excerpt.Html html = excerpt(content, "needle").html(CONTEXT);
        assertThat(html.html()).startsWith("… word51 ").contains("word59 the <mark>needle</mark> after0 ");
        assertThat(html.hidden()).as("the spoiler is outside the window").isEmpty();
    }

    @Test
    void aLongMessageIsCutToFortyWordsAroundTheMatch() {
        String content = words("a", 100) + " needle " + words("b", 100);
        Excerpt.Plain plain = plain(content, "needle");
        assertThat(plain.text()).isEqualTo("… " + IntStream.range(90, 100).mapToObj(i -> "a" + i)
                .collect(Collectors.joining(" ")) + " needle " + words("b", 29) + " …");
        assertThat(highlighted(plain)).containsExactly("needle");
        assertThat(plain(words("a", 40), "a0").text()).as("forty words whole").isEqualTo(words("a", 40));
    }

    @Test
    void aWindowOfLongWordsIsCutToItsCharacters() {
        String content = "x".repeat(1_000) + " needle " + "😀".repeat(300);
        Excerpt.Plain plain = plain(content, "needle");
        assertThat(plain.text()).startsWith("… xxx").contains(" needle 😀").endsWith("😀 …").doesNotContain("\uFFFD");
        assertThat(plain.text().length()).isLessThanOrEqualTo(Excerpt.CHARACTERS + 4);
        assertThat(highlighted(plain)).containsExactly("needle");
    }

    @Test
    void plainTextGivesBlocksTheirLinesAndTimesTheirDate() {
        Excerpt.Plain plain = plain("> quoted needle\nnext <t:1763899200:R>\n- item\n```js\ncode\n```", "needle");
        assertThat(plain.text()).isEqualTo("quoted needle\nnext 2025-11-23 12:00 UTC\nitem\ncode");
        assertThat(highlighted(plain)).containsExactly("needle");
    }

    @Test
    void charactersTheSearchRemovedStillLineUpTheMatches() {
        String content = "a\uE000b <needle> \uE001x";
        Excerpt.Plain plain = plain(content, "needle");
        assertThat(highlighted(plain)).containsExactly("needle");
        assertThat(Matches.of(content, Headlines.marking(content, "needle")).start(0)).isEqualTo(5);
    }

    @Test
    void aWordPostgresqlLeftOutOfTheHeadlineIsPassedOver() {
        String content = "needle".repeat(400) + " the needle";
        Matches matches = Matches.of(content, " the " + Excerpt.START + "needle" + Excerpt.STOP);
        assertThat(matches.size()).isOne();
        assertThat(content.substring(matches.start(0), matches.end(0))).isEqualTo("needle");
        assertThat(matches.start(0)).isEqualTo(2_405);
    }

    @Test
    void aHeadlineThatIsNotTheContentMarksNothing() {
        assertThat(Matches.of("the needle", "other " + Excerpt.START + "needle" + Excerpt.STOP).size()).isZero();
        assertThat(Matches.of("the needle", "the needle and more").size()).isZero();
        assertThat(Matches.of("the needle", "the " + Excerpt.START + "needle").size()).isZero();
        assertThat(Matches.of("the needle", "the " + Excerpt.START + Excerpt.STOP + "needle").size()).isZero();
        assertThat(Excerpt.of("the needle", null).html(CONTEXT).html()).isEqualTo("the needle");
    }

    @Test
    void excerptsHoldOnlyThePagesElementsAndMarks() {
        String content = "<script>x</script> ||needle <@501>|| [needle](https://a.b/\"onmouseover=) `needle` **needle**";
        String html = html(content, "needle");
        assertThat(MarkupCheck.problems(html, Set.of("mark"))).isEmpty();
        assertThat(html).doesNotContain("<script");
    }
}
