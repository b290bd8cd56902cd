package dev.milk.reads.archive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DiscordMarkdownTest {

    private static final DiscordMarkdown.Names NAMES = new DiscordMarkdown.Names(
            id -> id == 42 ? "alice" : "unknown-user", id -> id == 7 ? "general" : "unknown-channel");

    private static String render(String markdown) {
        return DiscordMarkdown.render(markdown, NAMES);
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
            role mention ¦ <@&5> ¦ <span class="mention">@role</span>
            timestamp ¦ <t:1763899200:f> ¦ <time class="timestamp" datetime="2025-11-23T12:00:00Z">2025-11-23 12:00 UTC</time>
            custom emoji ¦ <:milk:123> ¦ <span class="emoji">:milk:</span>
            masked link ¦ [docs](https://milk.dev/x) ¦ <a href="https://milk.dev/x" rel="noopener noreferrer nofollow" target="_blank">docs</a>
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
