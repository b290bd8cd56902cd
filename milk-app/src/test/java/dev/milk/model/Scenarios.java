package dev.milk.model;

import java.util.List;
import java.util.Optional;

import dev.milk.archive.ArchiveEvent;
import dev.milk.archive.ArchiveMessage;
import dev.milk.raid.RaidAction;
import dev.milk.raid.RaidRequest;
import dev.milk.raid.RaidUser;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generated bots: sequences of the records a bot publishes about two archives and two raids, with
 * the cases that break a careless writer given room: versions of a message newer, older, equal
 * to and before the original, redeliveries, removals before and after their messages, seals with
 * messages after them, takedowns, expired archives, a guild that reuses an id; raids created,
 * fed overlapping batches, concluded, fed again, named (a guild name, a reason, both or neither) by
 * creations before and after their batches.
 *
 * <p>Names change as they do on Discord: an author is renamed between versions of a message, a
 * moderator and an account are named one way in a record and another in the next. A version now
 * and then comes twice with different words (a bot's mistake: the first delivery wins).
 */
final class Scenarios {

    static final String GUILD = "81384788765712384";
    static final String OTHER_GUILD = "81384788765712385";
    static final String MODERATOR = "4242";
    static final String MODERATOR_NAME = "Mod <Alice>";
    static final long FIRST_MESSAGE = 1_310_000_000_000_000_000L;
    /** 2025-11-23T12:00:00Z: every time of a scenario is after it, and long past. */
    static final long T0 = 1_763_899_200_000L;
    static final long MINUTE = 60_000;
    static final int MESSAGES = 6;
    static final int VERSIONS = 4;
    static final int ACCOUNTS = 12;

    private Scenarios() {
    }

    /** A bot's records, in the order it publishes them. */
    static Arbitrary<List<Step>> steps(int maxSteps) {
        return Arbitraries.frequencyOf(
                Tuple.of(2, created()),
                Tuple.of(9, messages()),
                Tuple.of(1, sealed()),
                Tuple.of(1, deleted()),
                Tuple.of(2, redacted()),
                Tuple.of(1, raidCreated()),
                Tuple.of(4, raidUsers()),
                Tuple.of(1, raidConcluded())).list().ofMinSize(1).ofMaxSize(maxSteps);
    }

    /** How a writer receives the records: polls of random sizes, and crashes that replay from an earlier offset. */
    static Arbitrary<Delivery> deliveries() {
        Arbitrary<List<Integer>> polls = Arbitraries.integers().between(1, 12).list().ofMinSize(1).ofMaxSize(12);
        Arbitrary<List<Delivery.Crash>> crashes = Combinators.combine(
                Arbitraries.integers().between(0, 20), Arbitraries.integers().between(0, 100))
                .as(Delivery.Crash::new).list().ofMaxSize(2);
        return Combinators.combine(polls, polls, crashes).as(Delivery::new);
    }

    private static Arbitrary<String> archive() {
        return Arbitraries.of("a0", "a1");
    }

    private static Arbitrary<Step> created() {
        Arbitrary<String> guild = Arbitraries.frequency(Tuple.of(8, GUILD), Tuple.of(1, OTHER_GUILD));
        Arbitrary<String> reason = Arbitraries.of("spam wave", "second creation");
        // Mostly none; an expiry long past (the archive is gone at once) or far ahead.
        Arbitrary<Long> expiry = Arbitraries.frequency(Tuple.of(6, 0L), Tuple.of(1, T0), Tuple.of(1, 4_102_444_800_000L));
        return Combinators.combine(archive(), guild, reason, expiry).as((archive, g, r, e) -> new Step.Archive(
                new ArchiveEvent.Created(archive, g, "1100000000000000001", "general", r, MODERATOR, T0,
                        e == 0L ? null : e)));
    }

    private static Arbitrary<Step> messages() {
        Arbitrary<ArchiveMessage> version = Combinators.combine(
                Arbitraries.integers().between(0, MESSAGES - 1),
                Arbitraries.frequency(Tuple.of(3, 0), Tuple.of(2, 1), Tuple.of(1, 2), Tuple.of(1, 3)),
                Arbitraries.frequency(Tuple.of(12, false), Tuple.of(1, true)))
                .as(Scenarios::message);
        Arbitrary<ArchiveMessage.Mentions> naming = Arbitraries.frequency(
                Tuple.of(6, Optional.<String>empty()), Tuple.of(1, Optional.of(MODERATOR_NAME)),
                Tuple.of(1, Optional.of(MODERATOR_NAME + " (renamed)")))
                .map(name -> name.map(n -> new ArchiveMessage.Mentions(
                        List.of(new ArchiveMessage.MentionedUser(MODERATOR, n, null)), null, null)).orElse(null));
        return Combinators.combine(archive(), version.list().ofMinSize(1).ofMaxSize(4), naming)
                .as((archive, versions, mentions) -> new Step.Archive(new ArchiveEvent.Messages(archive, versions, mentions)));
    }

    /** Version {@code v} of message {@code n}: the original (v = 0) or its v-th edit. */
    static ArchiveMessage message(int n, int v) {
        return message(n, v, false);
    }

    /**
     * Version {@code v} of message {@code n}. Authors alternate, and are renamed from the second
     * edit on; odd messages show a file (on a host Milk does not copy from, so its copy fails at once).
     *
     * @param again the same version with other words
     */
    static ArchiveMessage message(int n, int v, boolean again) {
        int author = n % 2;
        List<ArchiveMessage.Attachment> files = n % 2 == 0 ? List.of() : List.of(new ArchiveMessage.Attachment(
                Integer.toString(n * 10 + v), "file-" + v + ".png", "image/png", 100L,
                "https://files.example/" + n + "/" + v + ".png"));
        return new ArchiveMessage(Long.toString(FIRST_MESSAGE + n), Long.toString(500L + author),
                "author " + author + (v >= 2 ? " (renamed)" : ""), null, false,
                "message " + n + " version " + v + (again ? " (again)" : ""), T0 + n * 1_000L,
                v == 0 ? null : T0 + v * MINUTE + n, null, files, List.of(), List.of());
    }

    /** Which version a message is, from its edit time. */
    static int version(ArchiveMessage m) {
        return m.editedAtMillis() == null ? 0 : (int) ((m.editedAtMillis() - T0) / MINUTE);
    }

    private static Arbitrary<Step> sealed() {
        return archive().map(archive -> new Step.Archive(new ArchiveEvent.Sealed(archive, T0 + 60 * MINUTE)));
    }

    private static Arbitrary<Step> deleted() {
        return archive().map(archive -> new Step.Archive(new ArchiveEvent.Deleted(archive, "taken down")));
    }

    private static Arbitrary<Step> redacted() {
        Arbitrary<List<String>> ids = Arbitraries.integers().between(0, MESSAGES - 1)
                .map(n -> Long.toString(FIRST_MESSAGE + n)).set().ofMinSize(1).ofMaxSize(2).map(List::copyOf);
        return Combinators.combine(archive(), ids, Arbitraries.of("doxxing", "spam"), Arbitraries.integers().between(0, 9))
                .as((archive, messageIds, reason, minute) -> new Step.Archive(new ArchiveEvent.Redacted(archive,
                        messageIds.stream().sorted().toList(), reason, MODERATOR, T0 + (90 + minute) * MINUTE)));
    }

    private static Arbitrary<String> raid() {
        return Arbitraries.of("r0", "r1");
    }

    private static Arbitrary<String> raidGuild() {
        return Arbitraries.frequency(Tuple.of(8, GUILD), Tuple.of(1, OTHER_GUILD));
    }

    private static Arbitrary<Step> raidCreated() {
        Arbitrary<String> guildName = Arbitraries.frequency(Tuple.of(1, ""), Tuple.of(2, "Guild <One>"), Tuple.of(1, "Guild Two"));
        Arbitrary<String> reason = Arbitraries.frequency(Tuple.of(1, ""), Tuple.of(1, "40 joins in a minute"),
                Tuple.of(1, "new accounts, same avatar"));
        return Combinators.combine(raid(), raidGuild(), guildName, reason).as((raid, guild, name, why) -> new Step.Raid(
                RaidAction.CREATE_RAID, RaidRequest.create(raid, guild, name.isEmpty() ? null : name,
                        why.isEmpty() ? null : why)));
    }

    private static Arbitrary<Step> raidUsers() {
        Arbitrary<List<RaidUser>> users = Combinators.combine(Arbitraries.integers().between(0, ACCOUNTS - 1),
                Arbitraries.frequency(Tuple.of(5, false), Tuple.of(1, true))).as(Scenarios::account)
                .list().ofMinSize(1).ofMaxSize(5);
        // Now and then the last batch concludes the raid itself.
        Arbitrary<Long> concludes = Arbitraries.frequency(Tuple.of(6, 0L), Tuple.of(1, T0 + 30 * MINUTE));
        return Combinators.combine(raid(), raidGuild(), users, concludes).as((raid, guild, accounts, at) ->
                new Step.Raid(RaidAction.BATCH_INSERT_RAID_USERS,
                        new RaidRequest(raid, guild, accounts, at == 0L ? null : at)));
    }

    /** Account {@code n}: joined in order, a minute apart. */
    static RaidUser account(int n) {
        return account(n, false);
    }

    /** @param renamed named otherwise than in other records (the first delivery's name wins) */
    static RaidUser account(int n, boolean renamed) {
        return new RaidUser(Long.toString(900_000_000_000_000_000L + n), "account " + n + (renamed ? " (renamed)" : ""),
                null, T0 - 86_400_000L, T0 + n * MINUTE);
    }

    private static Arbitrary<Step> raidConcluded() {
        Arbitrary<Long> at = Arbitraries.frequency(Tuple.of(1, 0L), Tuple.of(2, T0 + 20 * MINUTE), Tuple.of(1, T0 + 40 * MINUTE));
        return Combinators.combine(raid(), raidGuild(), at).as((raid, guild, when) -> new Step.Raid(
                RaidAction.CONCLUDE_RAID, RaidRequest.conclude(raid, guild, when == 0L ? null : when)));
    }
}
