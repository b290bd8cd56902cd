package dev.milk.reads.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Excerpts of generated messages, cut anywhere: spoilers and masked links among Discord's syntax
 * and hostile fragments, each spoiler and link target holding a letter of its own, matched by the
 * search. Whatever the cut, a letter the page does not show (outside spoilers, as text) is neither
 * in the excerpt's visible text nor in its plain text, and no markup but the renderer's survives.
 * The seed is fixed, so a run is reproducible.
 */
class ExcerptPropertyTest {

    private static final DiscordMarkdown.Context CONTEXT = DiscordMarkdownPropertyTest.CONTEXT;

    /** One letter per secret: a cut can show a letter or not, never half of one. */
    private static final String LETTERS = "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩабвгдежзийклмнопрстуфхцчшщ";
    /** Pieces of a message; {@code %s} is the piece's own letter. */
    private static final String[] PIECES = {
        "||%s needle||", "||**%s** `needle`||", "||needle %s\n%s||", "||<@12> %s||", "||[%s](https://x.y/needle)||",
        "[needle text](https://%s.example/path)", "[text %s](<https://needle.example/%s>)", "||[needle](https://%s.y/)||",
        "**needle**", "*needle*", "__a b__", "~~needle~~", "`needle <b>`", "```js\nneedle\n```", "> quoted needle\n",
        ">>> ", "# ", "- ", "-# ", "\n", " ", " ", "needle", "word", "<@12>", "<@&12>", "<#12>", "<t:1763899200:R>",
        "<:milk:12>", "https://milk.dev/needle", "||", "**", "*", "_", "~~", "`", "[", "](", ")", "<", ">", "&", "\"",
        "<script>", "</script>", "<img src=x onerror=alert(1)>", "\u202E", "\u0000", "\uD800", "\uD83D\uDE00",
    };
    private static final Pattern WRITERS_TAGS = Pattern.compile(
            "</?(?:strong|em|u|s|span|code|pre|blockquote|br|a|time|h3|h4|h5|ul|ol|li|small|img|mark)(?:\\s[^<>]*)?>");

    record Cut(String message, int from, int to) {
    }

    @Provide
    Arbitrary<Cut> cuts() {
        Arbitrary<String> messages = Arbitraries.of(PIECES).list().ofMaxSize(60).map(pieces -> {
            StringBuilder message = new StringBuilder();
            for (int i = 0; i < pieces.size(); i++) {
                message.append(pieces.get(i).replace("%s", LETTERS.substring(i, i + 1)));
            }
            return message.toString();
        });
        return Combinators.combine(messages, Arbitraries.doubles().between(0, 1), Arbitraries.doubles().between(0, 1))
                .as((message, a, b) -> {
                    int x = (int) (a * message.length());
                    int y = (int) (b * message.length());
                    return new Cut(message, Math.min(x, y), Math.max(x, y));
                });
    }

    @Property(tries = 2_000, seed = "20261205")
    void noCutShowsWhatThePageHides(@ForAll("cuts") Cut cut) {
        String message = cut.message();
        Matches matches = Matches.of(message, Headlines.marking(message, "needle|[" + LETTERS + "]"));
        String page = visible(DiscordMarkdown.render(message, CONTEXT));
        for (Excerpt excerpt : List.of(new Excerpt(message, matches, cut.from(), cut.to()),
                Excerpt.of(message, Headlines.marking(message, "needle|[" + LETTERS + "]")))) {
            String html = excerpt.html(CONTEXT).html();
            Excerpt.Plain plain = excerpt.plain(CONTEXT);
            String shown = visible(html);
            for (char letter : LETTERS.toCharArray()) {
                if (page.indexOf(letter) < 0) {
                    assertThat(shown).as("%s cut to %s shows %s", message, html, letter).doesNotContain(String.valueOf(letter));
                    assertThat(plain.text()).as("%s in plain text", message).doesNotContain(String.valueOf(letter));
                }
            }
            assertThat(MarkupCheck.problems(html, Set.of("mark"))).as("%s as %s", message, html).isEmpty();
            assertThat(WRITERS_TAGS.matcher(html).replaceAll("")).as("%s as %s", message, html).doesNotContain("<");
            assertRangesHold(plain);
        }
    }

    /** Highlights and spoilers lie in the text, apart, and a spoiler's range holds the placeholder alone. */
    private static void assertRangesHold(Excerpt.Plain plain) {
        List<Excerpt.Range> all = new ArrayList<>(plain.highlights());
        all.addAll(plain.spoilers());
        all.sort((a, b) -> Integer.compare(a.start(), b.start()));
        int end = 0;
        for (Excerpt.Range r : all) {
            assertThat(r.start()).as("%s in %s", all, plain.text()).isGreaterThanOrEqualTo(end).isLessThan(r.end());
            end = r.end();
        }
        assertThat(end).isLessThanOrEqualTo(plain.text().length());
        plain.spoilers().forEach(s -> assertThat(plain.text().substring(s.start(), s.end())).isEqualTo(PlainMarkup.SPOILER));
    }

    /** The text a reader sees without pointing at anything: outside spoilers, never an attribute. */
    private static String visible(String html) {
        Document page = Jsoup.parseBodyFragment(html);
        page.select(".spoiler").remove();
        return page.text();
    }
}
