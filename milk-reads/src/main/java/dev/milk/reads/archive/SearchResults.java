package dev.milk.reads.archive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

import dev.milk.reads.web.KeysetPage;

/**
 * A page of what a search found: each message with its excerpt and the link to it in context,
 * on the archive page that holds it.
 *
 * @param related  what the found messages refer to: names, removals, versions, copies
 * @param mentions what mentions in the excerpts read as (the related names, and the page's own)
 * @param next     the message id to continue after, or null on the last page of results
 */
record SearchResults(SearchQuery query, List<Result> results, Related related, Mentions mentions, Long next) {

    static final int PAGE_SIZE = 50;

    /** @param href the message on its page: {@code /archive/{id}?after=…#m{message id}} */
    record Result(ArchivedMessage message, Excerpt excerpt, String href) {
    }

    /** @param withWords whether the query has words to match besides its operators */
    static SearchResults find(ArchiveQueries queries, ArchiveSummary archive, SearchQuery query, boolean withWords,
            Long from) {
        var page = KeysetPage.of(queries.search(archive, query, withWords, from, PAGE_SIZE + 1), PAGE_SIZE);
        List<ArchivedMessage> messages = page.items().stream().map(ArchiveQueries.Found::message).toList();
        Related related = queries.related(archive, messages, false);
        Mentions mentions = related.mentions().withFallbacks(messages, archive.channelId(), archive.channel());
        NavigableSet<Long> starts = messages.isEmpty() ? new TreeSet<>()
                : queries.pageStarts(archive, messages.getLast().id(), ArchivePage.PAGE_SIZE);
        List<Result> results = new ArrayList<>(messages.size());
        for (ArchiveQueries.Found found : page.items()) {
            long id = found.message().id();
            Long start = starts.lower(id);
            results.add(new Result(found.message(), Excerpt.of(found.message().content(), found.headline()),
                    "/archive/" + archive.publicId() + (start == null ? "" : "?after=" + start) + "#m" + id));
        }
        return new SearchResults(query, results, related, mentions,
                page.last() == null ? null : page.last().message().id());
    }

    /** What rendering an excerpt needs: names, the time relative times count from, the emoji copies. */
    DiscordMarkdown.Context context(Instant now) {
        return new DiscordMarkdown.Context(mentions, now, new HashSet<>(), related.copies());
    }
}
