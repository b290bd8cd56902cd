package dev.milk.reads.archive;

import java.util.List;

/** A page of search results in the JSON API: each message whole, where it matched, and where it is. */
record ArchiveSearchJson(ArchiveJsonPage.Archive archive, Results results) {

    /**
     * @param next     the cursor of the following page of results (a message id), null on the last
     * @param mentions the users, roles and channels the found messages mention, by name
     */
    record Results(String query, String next, int size, List<Result> data, ArchiveJsonPage.PageMentions mentions) {
    }

    /**
     * @param excerpt    where the message matched, as plain text (mentions as names)
     * @param highlights the matched ranges of {@code excerpt}, in UTF-16 units
     * @param href       the message on its archive page
     */
    record Result(ArchiveJsonPage.Message message, String excerpt, List<Excerpt.Highlight> highlights, String href) {
    }

    static ArchiveSearchJson of(ArchiveSummary archive, SearchResults found) {
        Related related = found.related();
        return new ArchiveSearchJson(ArchiveJsonPage.archive(archive, related), new Results(found.query().text(),
                found.next() == null ? null : Long.toString(found.next()), found.results().size(),
                found.results().stream().map(r -> new Result(ArchiveJsonPage.message(r.message(), related),
                        r.excerpt().plain(), r.excerpt().highlights(), r.href())).toList(),
                ArchiveJsonPage.mentions(related.mentions())));
    }
}
