package dev.milk.reads.archive;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import dev.milk.reads.web.Counts;
import dev.milk.reads.web.Pages;

/**
 * A page of search results ({@code src/main/jte/archive_search.jte}): each found message's author,
 * time and excerpt with the matches marked, and a link to it in context. The template escapes
 * every segment; only its {@code <mark>} elements are Milk's.
 */
public final class ArchiveSearchPage {

    private ArchiveSearchPage() {
    }

    public record View(String id, String channel, String size, String query, String summary, List<Result> results,
            String firstHref, String nextHref, int pageSize) {
    }

    /** @param files the names of the message's attachments, which a search also matches, or null */
    public record Result(String author, boolean bot, String time, String iso, List<Part> excerpt, String files,
            String href) {
    }

    public record Part(String text, boolean marked) {
    }

    /** What stands for a message without text: its embed's title and description, if it has one. */
    private static String withoutText(ArchivedMessage m) {
        return m.embeds().stream().findFirst()
                .map(e -> "Embed: " + String.join(" · ", Stream.of(e.title(), e.description())
                        .filter(t -> t != null && !t.isBlank()).toList()))
                .orElse(m.attachments().isEmpty() ? "(no text)" : "(attachments only)");
    }

    /** @param from where this page of results starts, null for the first */
    static String render(ArchiveSummary archive, SearchResults found, Long from) {
        String q = URLEncoder.encode(found.query().text(), StandardCharsets.UTF_8);
        String base = "/archive/" + archive.publicId() + "?q=" + q;
        List<Result> results = found.results().stream().map(r -> {
            ArchivedMessage m = r.message();
            List<Part> excerpt = r.excerpt().segments().stream().map(s -> new Part(s.text(), s.marked())).toList();
            if (excerpt.isEmpty()) {
                excerpt = List.of(new Part(withoutText(m), false));
            }
            String files = m.attachments().isEmpty() ? null : "Attachments: " + String.join(", ",
                    m.attachments().stream().map(MessageParts.Attachment::filename).toList());
            return new Result(m.authorName(), m.authorIsBot(), Pages.minute(m.createdAt()), m.createdAt().toString(),
                    excerpt, files, r.href());
        }).toList();
        String summary = results.isEmpty() ? null
                : (from == null ? "" : "More ") + Counts.of(results.size(), "message") + " found"
                        + (found.next() == null ? "" : ", and more on the next page");
        var view = new View(archive.publicId(), archive.channel(), Counts.of(archive.messageCount(), "message"),
                found.query().text(), summary, results, from == null ? null : base,
                found.next() == null ? null : base + "&after=" + found.next(), SearchResults.PAGE_SIZE);
        return Pages.render("archive_search.jte", view, 8_192 + results.size() * 600);
    }
}
