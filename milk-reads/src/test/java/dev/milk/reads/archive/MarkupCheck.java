package dev.milk.reads.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;

/**
 * What rendered user content may contain, judged by an HTML parser rather than by searching the
 * text: only the elements and attributes the renderer writes, links only to http(s). Anything else
 * is user markup that survived as markup.
 */
final class MarkupCheck {

    private static final Set<String> ELEMENTS = Set.of("strong", "em", "u", "s", "span", "code", "pre", "blockquote",
            "br", "a", "time", "h3", "h4", "h5", "ul", "ol", "li", "small", "img");
    private static final Map<String, Set<String>> ATTRIBUTES = Map.ofEntries(
            Map.entry("span", Set.of("class")), Map.entry("a", Set.of("href", "title", "rel", "target")),
            Map.entry("time", Set.of("class", "datetime", "title")), Map.entry("code", Set.of("class")),
            Map.entry("h3", Set.of("class")), Map.entry("h4", Set.of("class")), Map.entry("h5", Set.of("class")),
            Map.entry("ol", Set.of("start")), Map.entry("li", Set.of("class")), Map.entry("small", Set.of("class")),
            Map.entry("img", Set.of("class", "src", "alt", "title", "loading")));

    private MarkupCheck() {
    }

    /** @return what is wrong with {@code html}; empty when nothing is */
    static List<String> problems(String html) {
        return problems(html, Set.of());
    }

    /** The same where the writer adds elements of its own (a search excerpt's {@code mark}). */
    static List<String> problems(String html, Set<String> alsoWritten) {
        List<String> problems = new ArrayList<>();
        for (Element element : Jsoup.parseBodyFragment(html).body().getAllElements()) {
            if (element.tagName().equals("body")) {
                continue;
            }
            if (!ELEMENTS.contains(element.tagName()) && !alsoWritten.contains(element.tagName())) {
                problems.add("element <" + element.tagName() + ">");
            }
            for (Attribute attribute : element.attributes()) {
                if (!ATTRIBUTES.getOrDefault(element.tagName(), Set.of()).contains(attribute.getKey())) {
                    problems.add("attribute " + attribute.getKey() + " on <" + element.tagName() + ">");
                } else if (attribute.getKey().equals("href") && !attribute.getValue().matches("https?://[^\\s]+")) {
                    problems.add("link to " + attribute.getValue());
                } else if (attribute.getKey().equals("src")
                        && !attribute.getValue().matches("https://cdn\\.discordapp\\.com/emojis/\\d+\\.(png|gif)\\?size=48")) {
                    problems.add("image from " + attribute.getValue());
                } else if (attribute.getKey().equals("class") && !attribute.getValue().matches("[a-z0-9 -]+")) {
                    problems.add("class " + attribute.getValue());
                }
            }
        }
        return problems;
    }
}
