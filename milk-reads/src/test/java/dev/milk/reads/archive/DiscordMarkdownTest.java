package dev.milk.reads.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DiscordMarkdownTest {

    private static final Instant NOW = Instant.parse("2025-11-26T12:00:00Z");
    private static final Mentions MENTIONS = new Mentions(Map.of(42L, new Mentions.Named("alice", "a1", null)),
            Map.of(5L, new Mentions.Named("Moderators", null, 0xE91E63), 6L, new Mentions.Named("Members", null, null)),
            Map.of(7L, new Mentions.Named("general", null, null)));

    private final Set<Integer> colours = new TreeSet<>();

    private String render(String markdown) {
        return DiscordMarkdown.render(markdown, new DiscordMarkdown.Context(MENTIONS, NOW, colours));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '¦', quoteCharacter = '"', textBlock = """
            bold ¦ **bold** ¦ <strong>bold</strong>
            italic ¦ *it* and _it_ ¦ <em>it</em> and <em>it</em>
            underline ¦ __under__ ¦ <u>under</u>
            strikethrough ¦ ~~gone~~ ¦ <s>gone</s>
            nested ¦ **bold _and italic_** ¦ <strong>bold <em>and italic</em></strong>
            inline code ¦ `a **b** <c>` ¦ <code>a **b** &lt;c&gt;</code>
            spoiler ¦ ||secret|| ¦ <span class="spoiler">secret</span>
            user mention ¦ hi <@42> and <@!9> ¦ hi <span class="mention">@alice</span> and <span class="mention">@unknown-user</span>
            channel mention ¦ see <#7> ¦ see <span class="mention">#general</span>
            role mention in its colour ¦ <@&5> ¦ <span class="mention rce91e63">@Moderators</span>
            role mention without colour ¦ <@&6> ¦ <span class="mention">@Members</span>
            role mention unknown ¦ <@&8> ¦ <span class="mention">@unknown-role</span>
            channel mention unknown ¦ <#8> ¦ <span class="mention">#unknown-channel</span>
            timestamp ¦ <t:1763899200:f> ¦ <time class="timestamp" datetime="2025-11-23T12:00:00Z">2025-11-23 12:00 UTC</time>
            timestamp date ¦ <t:1763899200:D> ¦ <time class="timestamp" datetime="2025-11-23T12:00:00Z">2025-11-23</time>
            timestamp time ¦ <t:1763899200:t> ¦ <time class="timestamp" datetime="2025-11-23T12:00:00Z">12:00 UTC</time>
            timestamp relative past ¦ <t:1763899200:R> ¦ <time class="timestamp" datetime="2025-11-23T12:00:00Z" title="2025-11-23 12:00 UTC, counted from 2025-11-26 12:00 UTC">3 days ago</time>
            timestamp relative future ¦ <t:1764165600:R> ¦ <time class="timestamp" datetime="2025-11-26T14:00:00Z" title="2025-11-26 14:00 UTC, counted from 2025-11-26 12:00 UTC">in 2 hours</time>
            custom emoji ¦ <:milk:123> ¦ <img class="emoji" src="https://cdn.discordapp.com/emojis/123.png?size=48" alt=":milk:" title=":milk:" loading="lazy">
            animated emoji ¦ <a:wave:124> ¦ <img class="emoji" src="https://cdn.discordapp.com/emojis/124.gif?size=48" alt=":wave:" title=":wave:" loading="lazy">
            masked link ¦ [docs](https://milk.dev/x) ¦ <a href="https://milk.dev/x" title="https://milk.dev/x" rel="noopener noreferrer nofollow" target="_blank">docs</a>
            bare link ¦ go https://milk.dev/a?b=1&c. ¦ go <a href="https://milk.dev/a?b=1&amp;c" rel="noopener noreferrer nofollow" target="_blank">https://milk.dev/a?b=1&amp;c</a>.
            unclosed ¦ **not bold ¦ **not bold
            """)
    void rendersDiscordMarkdown(String why, String markdown, String html) {
        assertThat(render(markdown)).isEqualTo(html);
    }

    @Test
    void blocksQuotesAndCodeBlocks() {
        assertThat(render("> quoted\nplain\n```java\nint a = 1 < 2;\n```"))
                .isEqualTo("<blockquote>quoted</blockquote>plain<br><pre><code>int a = 1 &lt; 2;\n</code></pre>");
        assertThat(render(">>> all\nof this")).isEqualTo("<blockquote>all<br>of this</blockquote>");
    }

    @Test
    void headingsListsAndSubtextAreBlocks() {
        assertThat(render("# Rules\n## Raids\n### Bans\n#### not a heading\n#no space"))
                .isEqualTo("<h3 class=\"md-heading\">Rules</h3><h4 class=\"md-heading\">Raids</h4>"
                        + "<h5 class=\"md-heading\">Bans</h5>#### not a heading<br>#no space");
        assertThat(render("steps:\n- one **bold**\n* two\n  - nested\n1. first\n2. second\nafter"))
                .isEqualTo("steps:<br><ul><li>one <strong>bold</strong></li><li>two</li><li class=\"nested\">nested</li></ul>"
                        + "<ol start=\"1\"><li>first</li><li>second</li></ol>after");
        assertThat(render("7. seventh")).isEqualTo("<ol start=\"7\"><li>seventh</li></ol>");
        assertThat(render("-# small print\nnext")).isEqualTo("<small class=\"subtext\">small print</small><br>next");
        assertThat(render("-not a list and *not* one")).isEqualTo("-not a list and <em>not</em> one");
    }

    @Test
    void aRoleColourIsCollectedForThePageStyle() {
        render("<@&5> and <@&6>");
        assertThat(colours).containsExactly(0xE91E63);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '¦', quoteCharacter = '"', textBlock = """
            unicode ¦ 😀 ¦ true
            several with skin tone and joiner ¦ 👍🏽 👨‍👩‍👧 🇫🇷 ¦ true
            custom ¦ <:milk:123><a:wave:124> ¦ true
            text ¦ 😀 hi ¦ false
            digits are not emoji ¦ 123 ¦ false
            empty ¦ "" ¦ false
            """)
    void jumboIsForEmojiOnlyMessages(String why, String content, boolean jumbo) {
        assertThat(DiscordMarkdown.emojiOnly(content == null ? "" : content)).isEqualTo(jumbo);
    }

    @Test
    void moreThanThirtyEmojiAreNotJumbo() {
        assertThat(DiscordMarkdown.emojiOnly("😀".repeat(30))).isTrue();
        assertThat(DiscordMarkdown.emojiOnly("😀".repeat(31))).isFalse();
    }

    @Test
    void hostileNamesAndBlocksStayText() {
        var hostile = new Mentions(Map.of(1L, new Mentions.Named("<img src=x onerror=alert(1)>", null, null)),
                Map.of(2L, new Mentions.Named("\"><script>alert(1)</script>", null, 0x123456)),
                Map.of(3L, new Mentions.Named("</span><b>x", null, null)));
        String html = DiscordMarkdown.render("# <script>alert(1)</script>\n- <img src=x>\n-# <b>x</b>\n<@1> <@&2> <#3>"
                + " [a](https://x.y/?\"onmouseover=alert(1)) <:x_y:1>", new DiscordMarkdown.Context(hostile, NOW, colours));
        assertThat(MarkupCheck.problems(html)).isEmpty();
        assertThat(html).contains("@&lt;img src=x onerror=alert(1)&gt;").contains("@&quot;&gt;&lt;script&gt;")
                .contains("#&lt;/span&gt;&lt;b&gt;x").doesNotContain("<script").doesNotContain("<b>");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '¦', quoteCharacter = '\'', textBlock = """
            <script>alert(1)</script>          ¦ &lt;script&gt;alert(1)&lt;/script&gt;
            <img src=x onerror=alert(1)>       ¦ &lt;img src=x onerror=alert(1)&gt;
            [click](javascript:alert(1))       ¦ [click](javascript:alert(1))
            javascript:alert(1)                ¦ javascript:alert(1)
            """)
    void hostileContentStaysText(String markdown, String html) {
        assertThat(render(markdown)).isEqualTo(html);
    }

    @Test
    void aQuoteCannotBreakOutOfALinkAttribute() {
        // A quote ends a URL: it stays escaped text, outside every attribute.
        assertThat(render("[x](https://a.b/\"onmouseover=\"alert(1))")).isEqualTo("[x](<a href=\"https://a.b/\" "
                + "rel=\"noopener noreferrer nofollow\" target=\"_blank\">https://a.b/</a>&quot;onmouseover=&quot;alert(1))");
    }

    @Test
    void mentionsOfIdsPastALongReadAsUnknown() {
        assertThat(render("<@99999999999999999999> <#99999999999999999999> <@!18446744073709551616>"))
                .isEqualTo("<span class=\"mention\">@unknown-user</span> <span class=\"mention\">#unknown-channel</span> "
                        + "<span class=\"mention\">@unknown-user</span>");
    }

    @Test
    void controlsBidiOverridesAndLoneSurrogatesAreNeutralised() {
        assertThat(render("a\u202Eb\u0000c\uD800d")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd");
    }

    /** Nesting is bounded: 500 levels render as one element around the rest, the rest as text. */
    @Test
    void hostileNestingRendersBoundedAndAsText() {
        String deep = "**".repeat(500) + "<script>x</script>" + "**".repeat(500);
        String html = render(deep);
        assertThat(MarkupCheck.problems(html)).isEmpty();
        assertThat(org.jsoup.Jsoup.parseBodyFragment(html).select("strong")).hasSizeLessThanOrEqualTo(12);
        assertThat(org.jsoup.Jsoup.parseBodyFragment(html).text()).contains("<script>x</script>");
        assertThat(render("*".repeat(4_000))).isEqualTo("*".repeat(4_000));
        String unclosed = "**" + "a ".repeat(2_000);
        assertThat(render(unclosed)).isEqualTo(unclosed);
    }
}
