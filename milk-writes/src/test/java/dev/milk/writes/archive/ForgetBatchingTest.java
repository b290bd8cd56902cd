package dev.milk.writes.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.milk.media.PostgresMediaStore;
import dev.milk.writes.media.StoredCopies;
import dev.milk.writes.store.StoreSlice;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A forget's result does not depend on batching: the same records, in seeded random orders and
 * random batches (a forget before, between or after its user's messages and their archives'
 * creations), leave the same archives as one record at a time in the order a bot sends them.
 */
@StoreSlice
class ForgetBatchingTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final long CREATED = 1763899000000L;
    private static final long FIRST_GUILD = 81384788765700000L;
    private static final long FIRST_USER = 700000000000100000L;
    private static final int TRIALS = 24;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;

    /** One trial's records: its own guilds and users, so trials sharing the database never meet. */
    private record Trial(int number, long guild, long otherGuild, long user, long other) {

        static Trial of(int number) {
            return new Trial(number, FIRST_GUILD + 10L * number, FIRST_GUILD + 10L * number + 1,
                    FIRST_USER + 10L * number, FIRST_USER + 10L * number + 1);
        }

        String archive(String name) {
            return "forget-trial-" + number + "-" + name;
        }

        /** The trial's state with its own ids replaced by placeholders, comparable with another trial's. */
        List<String> normalised(List<String> rows) {
            return rows.stream().map(row -> row.replace(Long.toString(user), "USER").replace(Long.toString(other), "OTHER")
                    .replace(Long.toString(guild), "GUILD").replace(Long.toString(otherGuild), "OTHER_GUILD")
                    .replace("forget-trial-" + number + "-", "")).toList();
        }
    }

    @Test
    void theEndStateIsTheSameHoweverTheRecordsAreOrderedAndBatched() {
        ArchiveStore store = new ArchiveStore(jdbc, new SimpleMeterRegistry().counter("stored"),
                new StoredCopies(jdbc, new PostgresMediaStore(jdbc, transactions)), true, "");
        Random random = new Random(25);
        List<List<String>> references = new ArrayList<>();
        for (int n = 0; n < TRIALS; n++) {
            Trial trial = Trial.of(n);
            boolean everyGuild = n % 2 == 1;
            List<ArchiveCommand> records = records(trial, everyGuild);
            if (n >= 2) {
                Collections.shuffle(records, random);
            }
            // The first two trials: one record per batch, in the order a bot sends them; the others in random batches.
            int from = 0;
            while (from < records.size()) {
                int to = n < 2 ? from + 1 : Math.min(records.size(), from + 1 + random.nextInt(6));
                ArchiveStore.Applied applied = store.apply(records.subList(from, to), NOW);
                assertThat(applied.refusals()).containsOnlyNulls();
                from = to;
            }
            List<String> state = trial.normalised(state(trial));
            if (n < 2) {
                String forgottenIn = String.join("\n", state.stream()
                        .filter(row -> everyGuild || !(row.startsWith("c | ") || row.contains(" | c | "))).toList());
                assertThat(forgottenIn).as("forgotten: nothing of hers but the id").doesNotContain("secret")
                        .doesNotContain("Uma").doesNotContain("a_uma").contains("Deleted user").contains("hi <@USER>")
                        .contains("thread archive | thread-a");
                assertThat(String.join("\n", state).contains("other guild secret")).as("the other guild's").isEqualTo(!everyGuild);
                references.add(state);
            } else {
                assertThat(state).as("trial %d, forgetting in %s", n, everyGuild ? "every guild" : "one guild")
                        .containsExactlyElementsOf(references.get(n % 2));
            }
        }
    }

    /**
     * Three archives (two of the guild, one of another), each with her messages (one starting a
     * thread archived apart), an edit and another member's mention of her.
     */
    private static List<ArchiveCommand> records(Trial trial, boolean everyGuild) {
        List<ArchiveCommand> records = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            String archive = trial.archive(name);
            long guild = name.equals("c") ? trial.otherGuild() : trial.guild();
            String secret = name.equals("c") ? "other guild secret" : "secret";
            records.add(parse(archive, """
                    {"type":"archive.created","archiveId":"%s","guildId":"%d","channelId":"2","channelName":"general",
                     "reason":"spam","createdBy":"3","createdAtMillis":%d}""".formatted(archive, guild, CREATED)));
            records.add(messages(archive, trial, List.of(
                    message(trial.user(), 1, secret + " one", null, """
                            ,"attachments":[{"id":"1300000000000000999","filename":"%s.png","contentType":"image/png",
                              "size":10,"url":"https://cdn.discordapp.com/attachments/1/2/%s.png"}],
                             "reactions":[{"emoji":{"name":"👍"},"count":3}],
                             "poll":{"question":"%s poll","answers":[{"text":"%s answer","votes":1}]},
                             "thread":{"id":"77","name":"%s thread","messageCount":2,"archiveId":"%s"}"""
                            .formatted(name, name, secret, secret, secret, trial.archive("thread-" + name))),
                    message(trial.other(), 2, "hi <@" + trial.user() + ">", null, ""))));
            records.add(messages(archive, trial, List.of(message(trial.user(), 1, secret + " edited", CREATED + 300_000, ""))));
            records.add(messages(archive, trial, List.of(message(trial.user(), 3, secret + " three", null, ""),
                    message(trial.other(), 4, "a reply", null, ",\"replyToId\":\"" + id(3) + "\""))));
        }
        String guild = everyGuild ? null : Long.toString(trial.guild());
        records.add(parse(everyGuild ? Long.toString(trial.user()) : guild, """
                {"type":"user.forget",%s"userId":"%d","requestedBy":"42","reason":"request"}"""
                .formatted(guild == null ? "" : "\"guildId\":\"" + guild + "\",", trial.user())));
        return records;
    }

    private static ArchiveCommand messages(String archive, Trial trial, List<String> messages) {
        return parse(archive, """
                {"type":"archive.messages","archiveId":"%s","messages":[%s],
                 "mentions":{"users":[{"id":"%d","name":"Uma","avatarHash":"a_uma"}]}}"""
                .formatted(archive, String.join(",", messages), trial.user()));
    }

    private static String message(long author, int n, String content, Long editedAt, String parts) {
        boolean her = author % 10 == 0;
        return """
                {"id":"%d","authorId":"%d","authorName":"%s","authorAvatarHash":"%s","authorIsBot":false,"content":"%s",
                 "authorRoleColor":255,"createdAtMillis":%d%s%s}""".formatted(id(n), author, her ? "Uma" : "Otto",
                her ? "a_uma" : "a_otto", content, CREATED + n,
                editedAt == null ? "" : ",\"editedAtMillis\":" + editedAt, parts);
    }

    private static long id(int n) {
        return 1300000000000000000L + n;
    }

    private static ArchiveCommand parse(String key, String json) {
        return ArchiveCommands.parse(key, json.getBytes(StandardCharsets.UTF_8), NOW).orElseThrow();
    }

    /** Everything the trial's archives hold, one line per row, in a fixed order. */
    private List<String> state(Trial trial) {
        Object[] archives = {trial.archive("a"), trial.archive("b"), trial.archive("c")};
        String in = "a.internal_id IN (?, ?, ?)";
        List<String> state = new ArrayList<>(jdbc.queryForList("""
                SELECT concat_ws(' | ', a.internal_id, a.guild_id, a.message_count) FROM archive a
                WHERE %s ORDER BY 1""".formatted(in), String.class, archives));
        state.addAll(jdbc.queryForList("""
                SELECT concat_ws(' | ', a.internal_id, m.message_id, m.author_id, m.author_name, m.author_avatar_hash,
                       m.author_color, m.content, m.created_at, m.edited_at, m.reply_to_id, m.attachments, m.embeds,
                       m.stickers, m.reactions, m.thread, m.poll, m.forwarded)
                FROM archive_message m JOIN archive a ON a.id = m.archive_id WHERE %s ORDER BY 1""".formatted(in),
                String.class, archives));
        state.addAll(jdbc.queryForList("""
                SELECT concat_ws(' | ', 'thread archive', internal_id, guild_id) FROM archive WHERE internal_id LIKE ?
                ORDER BY 1""", String.class, trial.archive("thread-") + "%"));
        state.addAll(jdbc.queryForList("""
                SELECT concat_ws(' | ', 'version', a.internal_id, v.message_id, v.version_at, v.content, v.attachments, v.embeds)
                FROM archive_message_version v JOIN archive a ON a.id = v.archive_id WHERE %s ORDER BY 1""".formatted(in),
                String.class, archives));
        state.addAll(jdbc.queryForList("""
                SELECT concat_ws(' | ', 'mention', a.internal_id, n.kind, n.mention_id, n.name, n.avatar_hash, n.color)
                FROM archive_mention n JOIN archive a ON a.id = n.archive_id WHERE %s ORDER BY 1""".formatted(in),
                String.class, archives));
        state.addAll(jdbc.queryForList("""
                SELECT concat_ws(' | ', 'media', a.internal_id, d.message_id, d.url, d.kind)
                FROM archive_media d JOIN archive a ON a.id = d.archive_id WHERE %s ORDER BY 1""".formatted(in),
                String.class, archives));
        return state;
    }
}
