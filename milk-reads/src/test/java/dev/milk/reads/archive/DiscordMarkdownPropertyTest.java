package dev.milk.reads.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The renderer on generated messages built from Discord's syntax and hostile fragments: never an
 * exception, and never markup of the author's that survives as markup (checked by parsing the
 * output). The seed is fixed, so a run is reproducible and a failure is kept in target/jqwik-database.
 */
class DiscordMarkdownPropertyTest {

    /** Names that are markup, for every generated message to mention. */
    static final DiscordMarkdown.Context CONTEXT = new DiscordMarkdown.Context(new Mentions(
            Map.of(12L, new Mentions.Named("<script>user</script>", null, null)),
            Map.of(12L, new Mentions.Named("\"><b>role", null, 0xFF0000)),
            Map.of(12L, new Mentions.Named("<i>channel", null, null))), Instant.parse("2025-11-26T12:00:00Z"),
            new TreeSet<>());

    private static final String[] PIECES = {"**", "*", "__", "_", "~~", "||", "`", "```", "```js\n", "> ", ">>> ",
        "\n", " ", "[", "](", ")", "<", ">", "&", "\"", "'", "=", "/", "\\", "<@", "<@!", "<@&", "<#", "<t:", ":R>",
        "<:x:", "<a:", "<:milk_2:", "<a:wave:", "12>", ":R>", "# ", "## ", "### ", "-# ", "- ", "* ", "1. ", "  - ",
        "[a](https://x.y/\"title=)", "99999999999999999999", "1763899200", "12", "https://", "http://", "javascript:", "data:",
        "milk.dev/a?b=1&c=2", "<script>", "</script>", "<img src=x onerror=alert(1)>", "onmouseover=", "<svg/onload=",
        "</code></pre>", "\u202E", "\u2067", "\u0000", "\uD800", "\uDC00", "\uD83D\uDE00", "é", "word", "x"};

    @Provide
    Arbitrary<String> messages() {
        return Arbitraries.of(PIECES).list().ofMaxSize(60).map(pieces -> String.join("", pieces));
    }

    @Property(tries = 5_000, seed = "20261124")
    void nothingTheAuthorWroteSurvivesAsMarkup(@ForAll("messages") String message) {
        String html = DiscordMarkdown.render(message, CONTEXT);
        assertThat(MarkupCheck.problems(html)).as("rendered %s as %s", message, html).isEmpty();
    }
}
