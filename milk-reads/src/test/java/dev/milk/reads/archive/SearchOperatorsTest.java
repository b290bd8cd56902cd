package dev.milk.reads.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.milk.reads.QuerySlice;
import dev.milk.reads.web.BadRequestException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Discord's search operators against the real schema: each alone and combined with words and with
 * each other, on an archive searched live, then sealed and indexed, with the same answers.
 */
@QuerySlice
class SearchOperatorsTest {

    private static final long JAMIE = 222L;
    private static final long BOB = 333L;
    /** Ids 2440 and 3880 are sent a day and two days after message 1000. */
    private static final long NEXT_DAY = 2440;
    private static final long DAY_AFTER = 3880;

    @Autowired
    private DataSource dataSource;
    @Autowired
    private JdbcClient jdbc;
    private ArchiveQueries queries;

    @BeforeEach
    void queries() {
        queries = new ArchiveQueries(dataSource, dataSource, JsonMapper.builder().build());
    }

    /** Every query, and the messages it finds. */
    private static Map<String, List<Long>> expected() {
        Map<String, List<Long>> expected = new LinkedHashMap<>();
        expected.put("from:222", List.of(1001L, 1002L));
        expected.put("from:\"jamie LEE\"", List.of(1001L, 1002L));
        expected.put("from:@Bob", List.of(1004L, 1005L));
        expected.put("from:<@333>", List.of(1004L, 1005L));
        expected.put("from:222 from:bob", List.of(1001L, 1002L, 1004L, 1005L));
        expected.put("from:nobody", List.of());
        expected.put("mentions:222", List.of(1000L));
        expected.put("mentions:\"Jamie Lee\"", List.of(1000L));
        expected.put("mentions:<@!333>", List.of(1005L));
        expected.put("has:link", List.of(1000L));
        expected.put("has:embed", List.of(1004L));
        expected.put("has:file", List.of(1001L, 1002L, 1003L));
        expected.put("has:image", List.of(1001L, 1004L));
        expected.put("has:video", List.of(1002L));
        expected.put("has:sound", List.of(1003L));
        expected.put("has:sticker", List.of(1004L));
        expected.put("has:poll", List.of(1005L));
        expected.put("has:file has:image", List.of(1001L));
        expected.put("before:2025-11-24", List.of(1000L, 1001L, 1002L, 1003L, 1004L, 1005L, 1007L));
        expected.put("after:2025-11-23", List.of(NEXT_DAY, DAY_AFTER));
        expected.put("during:2025-11-24", List.of(NEXT_DAY));
        expected.put("after:2025-11-23 before:2025-11-25", List.of(NEXT_DAY));
        expected.put("pinned:true", List.of(1003L));
        expected.put("is:edited", List.of(1007L));
        expected.put("is:removed", List.of(1006L));
        expected.put("is:removed from:80351110224678912", List.of(1006L));
        expected.put("is:removed from:222", List.of());
        expected.put("secret", List.of());
        expected.put("is:removed secret", List.of());
        expected.put("hello", List.of(1000L, NEXT_DAY));
        expected.put("hello from:80351110224678912 during:2025-11-23", List.of(1000L));
        expected.put("hello -day", List.of(1000L));
        expected.put("\"cat picture\" has:image from:jamie", List.of());
        expected.put("\"cat picture\" has:image from:\"Jamie Lee\"", List.of(1001L));
        expected.put("from:222 has:image has:video", List.of());
        expected.put("HAS:Video FROM:222", List.of(1002L));
        expected.put("pinned:true is:edited", List.of());
        return expected;
    }

    private ArchiveRows archive() {
        return ArchiveRows.create(jdbc)
                .message(1000, "hello <@222>, see https://example.com/rules")
                .message(1001, JAMIE, "Jamie Lee", "cat picture")
                .with(1001, "attachments = '[{\"id\":\"1\",\"filename\":\"c.bin\",\"contentType\":\"image/png\"}]'")
                .message(1002, JAMIE, "Jamie Lee", "clip")
                .with(1002, "attachments = '[{\"id\":\"2\",\"filename\":\"clip.MP4\"}]'")
                .message(1003, "listen")
                .with(1003, "attachments = '[{\"id\":\"3\",\"filename\":\"voice-message.ogg\",\"contentType\":\"audio/ogg\"}]',"
                        + " pinned = true")
                .message(1004, BOB, "Bob", "look")
                .with(1004, "embeds = '[{\"title\":\"Sunset\",\"image\":{\"url\":\"https://example.com/s.png\"}}]',"
                        + " stickers = '[{\"id\":\"9\",\"name\":\"wave\"}]'")
                .message(1005, BOB, "Bob", "vote, <@!333>? http:// is no link")
                .with(1005, "poll = '{\"question\":\"Lunch?\",\"answers\":[]}'")
                .message(1006, "my secret address is https://example.com/home")
                .with(1006, "attachments = '[{\"id\":\"6\",\"filename\":\"secret.png\",\"contentType\":\"image/png\"}]'")
                .message(1007, "typo fixed")
                .edited(1007, "typo", 2)
                .message(NEXT_DAY, "next day hello")
                .message(DAY_AFTER, "two days on")
                .removed("doxxing", 1006);
    }

    @Test
    void eachOperatorAloneAndCombinedFindsTheSameLiveAndSealed() {
        ArchiveRows rows = archive();
        ArchiveSummary live = queries.guarded(rows.publicId).orElseThrow().summary();
        Map<String, List<Long>> liveAnswers = answers(live);

        rows.sealedAndIndexed();
        ArchiveSummary sealed = queries.guarded(rows.publicId).orElseThrow().summary();
        assertThat(sealed.searchIndexed()).isTrue();

        assertThat(liveAnswers).isEqualTo(expected());
        assertThat(answers(sealed)).as("the index answers as the messages do").isEqualTo(liveAnswers);
    }

    /**
     * A live archive's index holds its messages up to where the writers' chunks reached, the view
     * the rest: wherever that is, a search answers as the messages alone do, page by page too.
     */
    @Test
    void aLiveArchiveAnswersTheSameWhereverItsIndexStands() {
        ArchiveRows rows = archive();
        ArchiveSummary live = queries.guarded(rows.publicId).orElseThrow().summary();
        Map<String, List<Long>> unindexed = answers(live);
        for (long through : List.of(999L, 1000L, 1003L, 1006L, 1007L, NEXT_DAY, DAY_AFTER)) {
            rows.indexedThrough(through);
            assertThat(answers(live)).as("indexed through %d", through).isEqualTo(unindexed);
            for (String q : List.of("hello", "is:removed", "before:2025-11-24", "has:file")) {
                assertThat(paged(live, q)).as("%s, two at a time, indexed through %d", q, through)
                        .isEqualTo(unindexed.get(q));
            }
        }
        assertThat(unindexed).isEqualTo(expected());
    }

    /** Every match, read two at a time. */
    private List<Long> paged(ArchiveSummary archive, String q) {
        SearchQuery query = SearchQuery.parse(q);
        List<Long> all = new ArrayList<>();
        List<ArchiveQueries.Found> page = queries.search(archive, query, queries.hasWords(query), null, 2);
        while (!page.isEmpty()) {
            page.forEach(f -> all.add(f.message().id()));
            page = queries.search(archive, query, queries.hasWords(query), page.getLast().message().id(), 2);
        }
        return all;
    }

    @Test
    void aRemovedMessageIsFoundByIsRemovedWithoutItsContent() {
        ArchiveRows rows = archive().sealedAndIndexed();
        ArchiveSummary archive = queries.guarded(rows.publicId).orElseThrow().summary();

        List<ArchiveQueries.Found> found = search(archive, "is:removed");

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.message().content()).isEmpty();
            assertThat(f.message().attachments()).isEmpty();
            assertThat(f.message().redactionId()).isNotNull();
            assertThat(f.headline()).isNull();
        });
        SearchResults results = SearchResults.find(queries, archive, SearchQuery.parse("is:removed"), false, null);
        assertThat(ArchiveSearchPage.render(archive, results, null, ArchiveRows.START))
                .contains("Removed by moderators: doxxing").doesNotContain("secret address").doesNotContain("secret.png");
        for (String word : List.of("secret", "address", "secret.png", "is:removed secret", "is:removed has:link",
                "is:removed has:image")) {
            assertThat(search(archive, word)).as(word).isEmpty();
        }
    }

    @Test
    void anOperatorItCannotTakeIsRefusedNamingIt() {
        assertThat(refusal("has:banana")).isEqualTo("has: takes link, embed, file, image, video, sound, sticker or poll");
        assertThat(refusal("cats before:2025-13-01")).startsWith("before: takes a day as YYYY-MM-DD");
        assertThat(refusal("before:-5000-01-01")).as("a year PostgreSQL cannot hold").startsWith("before: takes a day");
        assertThat(refusal("after:+300000-01-01")).startsWith("after: takes a day");
        assertThat(refusal("during:yesterday")).startsWith("during: takes a day as YYYY-MM-DD");
        assertThat(refusal("after:2025-02-30")).startsWith("after: takes a day");
        assertThat(refusal("pinned:yes")).isEqualTo("pinned: takes true or false");
        assertThat(refusal("pinned:true pinned:false")).isEqualTo("pinned: is given both true and false");
        assertThat(refusal("is:deleted")).isEqualTo("is: takes edited or removed");
        assertThat(refusal("from: jamie")).startsWith("from: takes a user id or name");
        assertThat(refusal("mentions:@")).startsWith("mentions: takes a user id or name");
        assertThat(refusal("from:\"Jamie Lee")).startsWith("from: has a name in quotes without the closing quote");
        assertThat(refusal("-from:222")).startsWith("from: cannot be excluded");
        assertThat(refusal("in:general")).startsWith("in: is not needed");
    }

    @Test
    void wordsWithAColonAndPhrasesStayWords() {
        for (String q : List.of("https://example.com/a", "meet at 12:30", "\"from:222 said\"", "note:this")) {
            SearchQuery query = SearchQuery.parse(q);
            assertThat(query.filters().any()).as(q).isFalse();
            assertThat(query.words()).as(q).isEqualTo(q);
        }
        SearchQuery mixed = SearchQuery.parse("cheap \"free nitro\" from:\"Jamie Lee\" -scam has:link");
        assertThat(mixed.words()).isEqualTo("cheap \"free nitro\"  -scam");
        assertThat(mixed.filters().authors().names()).containsExactly("Jamie Lee");
        assertThat(queries.hasWords(SearchQuery.parse("from:222 ...")))
                .as("punctuation beside an operator is no word, and the operator is searched alone").isFalse();
    }

    private Map<String, List<Long>> answers(ArchiveSummary archive) {
        Map<String, List<Long>> answers = new LinkedHashMap<>();
        for (String q : expected().keySet()) {
            answers.put(q, search(archive, q).stream().map(f -> f.message().id()).toList());
        }
        return answers;
    }

    private List<ArchiveQueries.Found> search(ArchiveSummary archive, String q) {
        SearchQuery query = SearchQuery.parse(q);
        return queries.search(archive, query, queries.hasWords(query), null, 20);
    }

    private static String refusal(String q) {
        try {
            SearchQuery.parse(q);
        } catch (BadRequestException e) {
            return e.getMessage();
        }
        throw new AssertionError("no 400 for " + q);
    }
}
