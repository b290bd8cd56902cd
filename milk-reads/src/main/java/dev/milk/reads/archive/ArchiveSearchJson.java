package dev.milk.reads.archive;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A page of search results in the JSON API: each message whole, where it matched, and where it is. */
record ArchiveSearchJson(ArchiveJsonPage.Archive archive, Results results) {

    /**
     * @param next     the cursor of the following page of results (a message id), null on the last
     * @param mentions the users, roles and channels the found messages mention, by name
     */
    record Results(String query, String next, int size, List<Result> data, ArchiveJsonPage.PageMentions mentions) {
    }

    /**
     * @param excerpt       where the message matched, as the words a reader sees: markdown's syntax gone,
     *                      mentions as names, a masked link as its text, a spoiler as {@code [spoiler]}
     * @param highlights    the matched ranges of {@code excerpt}, in UTF-16 units
     * @param spoilers      the ranges of {@code excerpt} that stand for a spoiler
     * @param hiddenMatches where matches are that {@code excerpt} does not show: {@code spoiler}, {@code link}
     *                      (a masked link's address)
     * @param href          the message on its archive page
     */
    record Result(ArchiveJsonPage.Message message, String excerpt, List<Excerpt.Range> highlights,
            List<Excerpt.Range> spoilers, List<String> hiddenMatches, String href) {
    }

    static ArchiveSearchJson of(ArchiveSummary archive, SearchResults found, Instant now) {
        Related related = found.related();
        DiscordMarkdown.Context context = found.context(now);
        return new ArchiveSearchJson(ArchiveJsonPage.archive(archive, related), new Results(found.query().text(),
                found.next() == null ? null : Long.toString(found.next()), found.results().size(),
                found.results().stream().map(r -> {
                    Excerpt.Plain excerpt = r.excerpt().plain(context);
                    return new Result(ArchiveJsonPage.message(r.message(), related), excerpt.text(),
                            excerpt.highlights(), excerpt.spoilers(),
                            excerpt.hidden().stream().map(h -> h.name().toLowerCase(Locale.ROOT)).toList(), r.href());
                }).toList(),
                ArchiveJsonPage.mentions(related.mentions())));
    }
}
