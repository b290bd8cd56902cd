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
            "br", "a", "time");
    private static final Map<String, Set<String>> ATTRIBUTES = Map.of(
            "span", Set.of("class"), "a", Set.of("href", "rel", "target"), "time", Set.of("class", "datetime"),
            "code", Set.of("class"));

    private MarkupCheck() {
    }

    /** @return what is wrong with {@code html}; empty when nothing is */
    static List<String> problems(String html) {
        List<String> problems = new ArrayList<>();
        for (Element element : Jsoup.parseBodyFragment(html).body().getAllElements()) {
            if (element.tagName().equals("body")) {
                continue;
            }
            if (!ELEMENTS.contains(element.tagName())) {
                problems.add("element <" + element.tagName() + ">");
            }
            for (Attribute attribute : element.attributes()) {
                if (!ATTRIBUTES.getOrDefault(element.tagName(), Set.of()).contains(attribute.getKey())) {
                    problems.add("attribute " + attribute.getKey() + " on <" + element.tagName() + ">");
                } else if (attribute.getKey().equals("href") && !attribute.getValue().matches("https?://[^\\s]+")) {
                    problems.add("link to " + attribute.getValue());
                }
            }
        }
        return problems;
    }
}
