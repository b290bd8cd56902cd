package dev.milk.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

import dev.milk.archive.ArchiveEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Who may read what does not depend on how the writer happens to receive the records: generated
 * sequences of archive.created (with and without a visibility), messages, archive.visibility,
 * guild.access, archive.share, takedowns, and then revocations of the shares made, delivered in
 * polls of random sizes with crashes that deliver records again, leave the same visibilities,
 * audit rows, guild settings, shares, tokens and dead letters as the same deliveries one record
 * per poll; and the visibilities and guild settings the last change of each received says.
 */
class AccessBatchingTest {

    /** The guild of the generated archives, a fresh real id per run (guild.access is keyed by it). */
    private static final String GUILD = "G";
    private static final List<String> ARCHIVES = List.of("a0", "a1", "a2");
    private static final Instant SHARE_BASE = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    private static WriterUnderTest milk;

    @BeforeContainer
    static void start() {
        milk = new WriterUnderTest();
    }

    @AfterContainer
    static void stop() {
        if (milk != null) {
            milk.close();
        }
    }

    @Provide
    Arbitrary<List<ArchiveEvent>> bots() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, created()),
                Tuple.of(2, messages()),
                Tuple.of(4, visibilityChange()),
                Tuple.of(3, guildAccess()),
                Tuple.of(4, share()),
                Tuple.of(1, deleted())).list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<List<ArchiveEvent>> revocations() {
        Arbitrary<ArchiveEvent> revocation = Combinators.combine(archive(), moderator(), expiry(),
                Arbitraries.integers().between(0, 4))
                // A share named by who made it until when; one time in five, a share that never was.
                .as((archive, by, expiry, unknown) -> new ArchiveEvent.ShareRevoked(archive,
                        unknown == 0 ? "nope" : "ref-" + by + "-" + expiry, by));
        return Arbitraries.frequencyOf(Tuple.of(3, revocation), Tuple.of(1, visibilityChange()), Tuple.of(1, share()))
                .list().ofMaxSize(10);
    }

    @Provide
    Arbitrary<Delivery> deliveries() {
        return Scenarios.deliveries();
    }

    @Property(tries = 25, seed = "20261206")
    void whateverTheBatchingWhoMayReadWhatEndsTheSame(@ForAll("bots") List<ArchiveEvent> bot,
            @ForAll("revocations") List<ArchiveEvent> later, @ForAll("deliveries") Delivery delivery) {
        Run batched = new Run();
        Run alone = new Run();

        List<Integer> received = batched.deliver(bot, delivery, null);
        alone.deliver(bot, delivery, received);
        List<Integer> receivedLater = batched.deliver(later, delivery, null);
        alone.deliver(later, delivery, receivedLater);

        assertThat(batched.deadLettered).as("records dead-lettered, batched as %s", delivery)
                .isEqualTo(alone.deadLettered);
        assertThat(batched.state()).as("who may read what, batched as %s", delivery).isEqualTo(alone.state());
        assertThat(batched.visibilities()).as("each archive's last visibility received")
                .isEqualTo(expectedVisibilities(bot, received, later, receivedLater));
        assertThat(batched.guildAccess()).as("the last guild.access received").isEqualTo(expectedGuild(bot, received, later, receivedLater));
    }

    /** One delivery of the generated records, under ids of its own. */
    private static final class Run {

        private final String prefix = "v-" + UUID.randomUUID() + "-";
        private final String guild = Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L,
                900_000_000_000_000_000L));
        private double deadLettered;

        /**
         * @param received what another run received, to receive the same one record per poll; null to
         *                 deliver in polls as {@code delivery} cuts them
         * @return which records were received, in order, replays included
         */
        List<Integer> deliver(List<ArchiveEvent> events, Delivery delivery, List<Integer> received) {
            List<Step> steps = events.stream().map(e -> (Step) new Step.Archive(in(e))).toList();
            double before = milk.deadLettered();
            List<Integer> got;
            if (received == null) {
                got = milk.deliver(steps, delivery).archives();
            } else {
                milk.deliverOneByOne(steps, new WriterUnderTest.Received(received, List.of()));
                got = received;
            }
            deadLettered += milk.deadLettered() - before;
            return got;
        }

        private ArchiveEvent in(ArchiveEvent event) {
            UnaryOperator<String> id = archive -> prefix + archive;
            return switch (event) {
                case ArchiveEvent.Created c -> new ArchiveEvent.Created(id.apply(c.archiveId()), guild, c.channelId(),
                        c.channelName(), c.reason(), c.createdBy(), c.createdAtMillis(), c.expiresAtMillis(), c.visibility());
                case ArchiveEvent.Messages m -> new ArchiveEvent.Messages(id.apply(m.archiveId()), m.messages());
                case ArchiveEvent.VisibilityChanged v -> new ArchiveEvent.VisibilityChanged(id.apply(v.archiveId()),
                        v.visibility(), v.by(), v.reason());
                case ArchiveEvent.Share s -> new ArchiveEvent.Share(id.apply(s.archiveId()), s.expiresAtMillis(), s.by());
                case ArchiveEvent.ShareRevoked r -> new ArchiveEvent.ShareRevoked(id.apply(r.archiveId()),
                        shareId(id.apply(r.archiveId()), r.shareId()), r.by());
                case ArchiveEvent.GuildAccess g -> new ArchiveEvent.GuildAccess(guild, g.staffRoleIds(),
                        g.defaultArchiveVisibility(), g.defaultRaidVisibility(), g.by());
                case ArchiveEvent.Deleted d -> new ArchiveEvent.Deleted(id.apply(d.archiveId()), d.reason());
                default -> throw new IllegalStateException("never generated: " + event);
            };
        }

        /** The public id of the share a revocation names by who made it until when, as a bot learnt it from the answer. */
        private String shareId(String archiveId, String reference) {
            if (!reference.startsWith("ref-")) {
                return reference;
            }
            String[] parts = reference.split("-");
            return milk.jdbc().queryForList("""
                    SELECT s.share_id FROM archive_share s JOIN archive a ON a.id = s.archive_id
                    WHERE a.internal_id = ? AND s.created_by = ? AND s.expires_at = to_timestamp(? / 1000.0)""",
                    String.class, archiveId, Long.parseLong(parts[1]), Long.parseLong(parts[2]))
                    .stream().findFirst().orElse("nope");
        }

        /** Every row of who may read this run's archives and guild, without the ids that differ by run. */
        List<String> state() {
            List<String> rows = new ArrayList<>(visibilities().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).sorted().toList());
            rows.addAll(milk.jdbc().queryForList("""
                    SELECT concat_ws(' ', substr(a.internal_id, ?), c.visibility, c.visibility_role_ids, c.changed_by,
                                     c.reason)
                    FROM archive_visibility_change c JOIN archive a ON a.id = c.archive_id
                    WHERE a.internal_id LIKE ? ORDER BY a.internal_id, c.id""", String.class,
                    prefix.length() + 1, prefix + "%"));
            rows.addAll(milk.jdbc().queryForList("""
                    SELECT concat_ws(' ', substr(a.internal_id, ?), s.created_by, s.expires_at, s.revoked_at IS NOT NULL,
                                     s.revoked_by, (SELECT count(*) FROM archive_share_token t WHERE t.share_id = s.id))
                    FROM archive_share s JOIN archive a ON a.id = s.archive_id
                    WHERE a.internal_id LIKE ? ORDER BY a.internal_id, s.created_by, s.expires_at""", String.class,
                    prefix.length() + 1, prefix + "%"));
            rows.add(guildAccess());
            return rows;
        }

        /** Each archive's own visibility (null: the guild's), and whether it was taken down. */
        Map<String, String> visibilities() {
            Map<String, String> visibilities = new HashMap<>();
            milk.jdbc().query("""
                    SELECT substr(internal_id, ?) AS archive, concat_ws(' ', coalesce(visibility, 'guild'),
                           visibility_role_ids, CASE WHEN deleted_at IS NOT NULL THEN 'gone' END) AS visibility
                    FROM archive WHERE internal_id LIKE ?""", rs -> {
                visibilities.put(rs.getString("archive"), rs.getString("visibility"));
            }, prefix.length() + 1, prefix + "%");
            return visibilities;
        }

        String guildAccess() {
            return milk.jdbc().queryForList("""
                    SELECT concat_ws(' ', staff_role_ids, archive_visibility, archive_visibility_role_ids,
                                     raid_visibility, raid_visibility_role_ids, changed_by)
                    FROM guild_access WHERE guild_id = ?""", String.class, Long.parseLong(guild))
                    .stream().findFirst().orElse("none");
        }
    }

    /**
     * The model: an archive exists once created or given messages; its first creation sets its
     * visibility, every later change received while it is created and not taken down sets it again.
     */
    private static Map<String, String> expectedVisibilities(List<ArchiveEvent> bot, List<Integer> received,
            List<ArchiveEvent> later, List<Integer> receivedLater) {
        Map<String, String> visibilities = new HashMap<>();
        Set<String> created = new HashSet<>();
        Set<String> gone = new HashSet<>();
        List<ArchiveEvent> all = new ArrayList<>();
        received.forEach(i -> all.add(bot.get(i)));
        receivedLater.forEach(i -> all.add(later.get(i)));
        for (ArchiveEvent event : all) {
            String archive = event.archiveId();
            switch (event) {
                case ArchiveEvent.Created c -> {
                    visibilities.putIfAbsent(archive, "guild");
                    if (created.add(archive)) {
                        visibilities.put(archive, text(c.visibility()));
                    }
                }
                case ArchiveEvent.Messages m -> visibilities.putIfAbsent(archive, "guild");
                case ArchiveEvent.Deleted d -> {
                    visibilities.putIfAbsent(archive, "guild");
                    gone.add(archive);
                }
                case ArchiveEvent.VisibilityChanged v when created.contains(archive) && !gone.contains(archive) ->
                        visibilities.put(archive, text(v.visibility()));
                default -> {
                }
            }
        }
        gone.forEach(archive -> visibilities.computeIfPresent(archive, (a, v) -> v + " gone"));
        return visibilities;
    }

    /**
     * The model of guild.access: the latest wins, and one that changes no setting changes nothing,
     * not even who set them.
     */
    private static String expectedGuild(List<ArchiveEvent> bot, List<Integer> received, List<ArchiveEvent> later,
            List<Integer> receivedLater) {
        List<ArchiveEvent> all = new ArrayList<>();
        received.forEach(i -> all.add(bot.get(i)));
        receivedLater.forEach(i -> all.add(later.get(i)));
        String settings = null;
        String by = null;
        for (ArchiveEvent event : all) {
            if (event instanceof ArchiveEvent.GuildAccess g) {
                String next = String.join(" ", "{" + String.join(",", g.staffRoleIds().stream().distinct()
                        .sorted().toList()) + "}", withRoles(g.defaultArchiveVisibility()),
                        withRoles(g.defaultRaidVisibility()));
                if (!next.equals(settings)) {
                    settings = next;
                    by = g.by();
                }
            }
        }
        return settings == null ? "none" : settings + " " + by;
    }

    private static String text(ArchiveEvent.Visibility visibility) {
        return visibility == null ? "guild" : withRoles(visibility);
    }

    private static String withRoles(ArchiveEvent.Visibility visibility) {
        if (visibility == null) {
            return "public";
        }
        return visibility.roleIds() == null ? visibility.mode()
                : visibility.mode() + " {" + String.join(",", visibility.roleIds().stream().distinct().sorted().toList()) + "}";
    }

    private static Arbitrary<String> archive() {
        return Arbitraries.of(ARCHIVES);
    }

    private static Arbitrary<String> moderator() {
        return Arbitraries.of("1", "2");
    }

    private static Arbitrary<Long> expiry() {
        return Arbitraries.of(SHARE_BASE.toEpochMilli(), SHARE_BASE.plus(1, ChronoUnit.DAYS).toEpochMilli());
    }

    private static Arbitrary<ArchiveEvent.Visibility> visibility() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.of("public", "members", "staff").map(ArchiveEvent.Visibility::of)),
                Tuple.of(1, Arbitraries.of("3", "4").list().ofMinSize(1).ofMaxSize(2)
                        .map(roles -> new ArchiveEvent.Visibility("roles", roles))));
    }

    private static Arbitrary<ArchiveEvent> created() {
        return Combinators.combine(archive(), visibility().injectNull(0.4))
                .as((archive, visibility) -> new ArchiveEvent.Created(archive, GUILD, "1163470281726185472", "tickets",
                        null, Scenarios.MODERATOR, Scenarios.T0, null, visibility));
    }

    private static Arbitrary<ArchiveEvent> messages() {
        return Combinators.combine(archive(), Arbitraries.integers().between(0, Scenarios.MESSAGES - 1))
                .as((archive, n) -> new ArchiveEvent.Messages(archive, List.of(Scenarios.message(n, 0))));
    }

    private static Arbitrary<ArchiveEvent> visibilityChange() {
        return Combinators.combine(archive(), visibility(), moderator(), Arbitraries.of("leak", "").injectNull(0.5))
                .as(ArchiveEvent.VisibilityChanged::new);
    }

    private static Arbitrary<ArchiveEvent> guildAccess() {
        // Few settings, so a guild.access often repeats the one before, from another moderator.
        return Combinators.combine(Arbitraries.of("10", "11").list().ofMaxSize(1),
                Arbitraries.of("staff").map(ArchiveEvent.Visibility::of).injectNull(0.5),
                Arbitraries.of("members").map(ArchiveEvent.Visibility::of).injectNull(0.7), moderator())
                .as((staff, archives, raids, by) -> new ArchiveEvent.GuildAccess(GUILD, staff, archives, raids, by));
    }

    private static Arbitrary<ArchiveEvent> share() {
        return Combinators.combine(archive(), expiry(), moderator()).as(ArchiveEvent.Share::new);
    }

    private static Arbitrary<ArchiveEvent> deleted() {
        return archive().map(archive -> new ArchiveEvent.Deleted(archive, "takedown"));
    }
}
