package dev.milk.reads.archive;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import dev.milk.reads.web.Counts;
import dev.milk.reads.web.Html;
import dev.milk.reads.web.Pages;

/**
 * A page of search results ({@code src/main/jte/archive_search.jte}): each found message's author,
 * time and excerpt with the matches marked, and a link to it in context. An excerpt is the
 * message's markdown as the archive page renders it ({@link Excerpt}), so it arrives as HTML in
 * which every character of the content is escaped; everything else the template escapes.
 */
public final class ArchiveSearchPage {

    private ArchiveSearchPage() {
    }

    public record View(String id, String channel, String size, String query, String summary, List<Result> results,
            String firstHref, String nextHref, int pageSize) {
    }

    /**
     * @param excerptHtml where the message matched, as HTML (escaped as it was rendered)
     * @param hidden      what says where matches are that the excerpt shows hidden, or null
     * @param files       the names of the message's attachments, which a search also matches, or null
     * @param removed     the message was removed by moderators: the excerpt is its removal line
     */
    public record Result(String author, boolean bot, String time, String iso, String excerptHtml, String hidden,
            String files, boolean removed, String href) {
    }

    /**
     * What stands for a message without text, as HTML: its embed's title and the start of its
     * description, markdown rendered as on the page (a spoiler there is hidden), if it has one.
     */
    private static String withoutText(ArchivedMessage m, DiscordMarkdown.Context context) {
        return m.embeds().stream().findFirst()
                .map(e -> "Embed: " + String.join(" · ", Stream.of(
                        e.title() == null || e.title().isBlank() ? null : Html.escape(e.title()),
                        e.description() == null || e.description().isBlank() ? null
                                : Excerpt.of(e.description(), null).html(context).html())
                        .filter(Objects::nonNull).toList()))
                .orElse(m.attachments().isEmpty() ? "(no text)" : "(attachments only)");
    }

    /** Says where the matches are that a reader does not see until pointing at them. */
    private static String hidden(List<Excerpt.Hidden> hidden) {
        List<String> where = hidden.stream().map(h -> switch (h) {
            case SPOILER -> "inside a spoiler (point at it to show it)";
            case LINK -> "in a link's address (point at the link to see it)";
        }).toList();
        return where.isEmpty() ? null : "Matched " + String.join(" and ", where);
    }

    /** @param from where this page of results starts, null for the first */
    static String render(ArchiveSummary archive, SearchResults found, Long from, Instant now) {
        String q = URLEncoder.encode(found.query().text(), StandardCharsets.UTF_8);
        String base = "/archive/" + archive.publicId() + "?q=" + q;
        DiscordMarkdown.Context context = found.context(now);
        List<Result> results = found.results().stream().map(r -> {
            ArchivedMessage m = r.message();
            Redaction removal = found.related().removal(m);
            // A removed message found by is:removed: its removal line, as on the page; it has no content left.
            Excerpt.Html excerpt = removal != null ? new Excerpt.Html(Html.escape(removal.notice()), List.of())
                    : r.excerpt().isEmpty() ? new Excerpt.Html(withoutText(m, context), List.of())
                    : r.excerpt().html(context);
            String files = m.attachments().isEmpty() ? null : "Attachments: " + String.join(", ",
                    m.attachments().stream().map(MessageParts.Attachment::filename).toList());
            return new Result(m.authorName(), m.authorIsBot(), Pages.minute(m.createdAt()), m.createdAt().toString(),
                    excerpt.html(), hidden(excerpt.hidden()), files, removal != null, r.href());
        }).toList();
        String summary = results.isEmpty() ? null
                : (from == null ? "" : "More ") + Counts.of(results.size(), "message") + " found"
                        + (found.next() == null ? "" : ", and more on the next page");
        var view = new View(archive.publicId(), archive.channel(), Counts.of(archive.messageCount(), "message"),
                found.query().text(), summary, results, from == null ? null : base,
                found.next() == null ? null : base + "&after=" + found.next(), SearchResults.PAGE_SIZE);
        return Pages.render("archive_search.jte", view, 8_192 + results.size() * 1_200);
    }
}
