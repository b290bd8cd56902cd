package dev.milk.writes.archive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.archive.ArchiveMessage;
import dev.milk.wire.ReplyStatus;
import dev.milk.writes.access.ArchiveVisibilities;
import dev.milk.writes.access.GuildAccessChanges;
import dev.milk.writes.access.ShareLinks;
import dev.milk.writes.archive.ArchiveRows.StoredArchive;
import dev.milk.writes.event.InvalidEventException;
import dev.milk.writes.forget.ForgetCounts;
import dev.milk.writes.forget.ForgetRequests;
import dev.milk.writes.forget.Forgotten;
import dev.milk.writes.forget.RaidForgetting;
import dev.milk.writes.forget.ReaderForgetting;
import dev.milk.writes.media.StoredCopies;
import io.micrometer.core.instrument.Counter;

/**
 * Applies a batch of archive commands in the caller's transaction, with the result it would have
 * had one record at a time. The batch is applied in runs: message records, then at most one other
 * command (a creation, seal, removal, takedown or forget: rare beside messages, and the only
 * commands that change what a message record is checked against: the archive's guild, expiry,
 * seal and stored messages, and the users forgotten). So every check sees what it would have seen
 * alone, and within a run the order of the message records does not matter: messages are sets of
 * versions (see {@link IncomingMessages}).
 *
 * <p>A deleted or expired archive takes no more messages: content that was taken down never comes
 * back. A sealed one takes no new message nor version either: the record is refused with the
 * reason (a redelivered record whose versions are all stored is not). Removals apply to sealed
 * archives too: privacy outranks immutability, and the archive's revision tells every cache. A
 * removal, a takedown or an expiry deletes the media copies of what it removes, in the same
 * transaction. An archive belongs to the guild its first creation names: a creation, or a thread
 * link, naming it from another guild is refused, so no guild ever learns another's public id.
 *
 * <p>A forget ({@link ArchiveForgetting}) applies to the messages stored before it; those of its
 * user arriving after it, in a later run or batch, are stored forgotten (the batch looks their
 * authors up once), and an archive's creation applies its guild's forgets to the messages that
 * came before it: the end state is the same whichever records share a batch.
 *
 * <p>Who may read what ({@code archive.visibility}, {@code archive.share}, its revocation, {@code
 * guild.access}) are other commands too, each applied alone after the messages before it: a
 * visibility or share never makes a placeholder (it needs a created archive, and is refused
 * otherwise), does nothing to an archive taken down or expired (nothing is left to read: a share
 * of one is refused), and the guild's commands name no archive at all.
 */
final class ArchiveStore {

    private final ArchiveRows rows;
    private final ArchiveRefusals refusals;
    private final IncomingMessages messages;
    private final ArchiveRedactions redactions;
    private final ArchiveContents contents;
    private final MediaQueue media;
    private final ArchiveForgetting forgetting;
    private final ForgetRequests forgets;
    private final RaidForgetting raidForgetting;
    private final ReaderForgetting readerForgetting;
    private final boolean copyMedia;
    private final ArchiveVisibilities visibilities;
    private final GuildAccessChanges guildAccess;
    private final ShareLinks shares;

    /**
     * @param copyMedia whether to queue the media of stored messages for copying
     * @param publicUrl where Milk's pages are served ({@code MILK_PUBLIC_URL}), for share links; empty: paths
     */
    ArchiveStore(JdbcTemplate jdbc, Counter messagesStored, StoredCopies copies, boolean copyMedia, String publicUrl) {
        this.rows = new ArchiveRows(jdbc);
        this.refusals = new ArchiveRefusals(jdbc);
        this.messages = new IncomingMessages(jdbc, messagesStored);
        this.contents = new ArchiveContents(jdbc, copies);
        this.redactions = new ArchiveRedactions(jdbc, contents);
        this.media = new MediaQueue(jdbc);
        this.forgetting = new ArchiveForgetting(jdbc, contents);
        this.forgets = new ForgetRequests(jdbc);
        this.raidForgetting = new RaidForgetting(jdbc);
        this.readerForgetting = new ReaderForgetting(jdbc);
        this.copyMedia = copyMedia;
        this.visibilities = new ArchiveVisibilities(jdbc);
        this.guildAccess = new GuildAccessChanges(jdbc);
        this.shares = new ShareLinks(jdbc, publicUrl);
    }

    /** Why a command was refused: it then goes to the dead-letter topic with the reason. */
    record Refusal(ReplyStatus status, InvalidEventException reason) {

        static Refusal of(ReplyStatus status, String reason) {
            return new Refusal(status, new InvalidEventException(InvalidEventException.Kind.REFUSED, reason));
        }
    }

    /**
     * @param publicIds the public id of every archive the batch names
     * @param refusals  per command, in order: why it was refused, or null
     * @param forgets   what each forget changed, by its place in the batch
     * @param shares    the links issued, by the position of their {@code archive.share} in the batch
     */
    record Applied(Map<String, String> publicIds, List<Refusal> refusals, Map<Integer, ForgetCounts> forgets,
            Map<Integer, ShareLinks.Issued> shares) {
    }

    Applied apply(List<ArchiveCommand> commands, Instant now) {
        Applied applied = new Applied(new HashMap<>(), new ArrayList<>(commands.size()), new HashMap<>(), new HashMap<>());
        Forgotten forgotten = forgottenAuthors(commands);
        int start = 0;
        for (int i = 0; i < commands.size(); i++) {
            if (!(commands.get(i) instanceof ArchiveCommand.AddMessages) || i == commands.size() - 1) {
                applyRun(commands.subList(start, i + 1), applied, forgotten, now);
                start = i + 1;
            }
        }
        return applied;
    }

    /** Stores a run's message records, then applies its last command if it is another kind. */
    private void applyRun(List<ArchiveCommand> run, Applied applied, Forgotten forgotten, Instant now) {
        // Where the run starts in its batch: the order of arrival of its records.
        int position = applied.refusals().size();
        Map<String, StoredArchive> archives = rows.findOrCreate(
                run.stream().filter(ArchiveStore::mayMakePlaceholder).map(ArchiveCommand::archiveId)
                        .collect(Collectors.toSet()));
        Refusal[] refused = new Refusal[run.size()];
        storeMessages(run, position, archives, forgotten, refused, now);
        ArchiveCommand last = run.getLast();
        int lastPosition = position + run.size() - 1;
        // A forget and a guild's command name no archive; who may read an archive is applied to one
        // that exists, or refused.
        if (last instanceof ArchiveCommand.Forget forget) {
            applied.forgets().put(lastPosition, forget(forget, forgotten, now));
        } else if (last instanceof ArchiveCommand.ChangeGuildAccess change) {
            guildAccess.change(change, now);
        } else if (!mayMakePlaceholder(last)) {
            refused[run.size() - 1] = applyAccess(last, rows.find(Set.of(last.archiveId())).get(last.archiveId()),
                    lastPosition, applied, now);
        } else if (!(last instanceof ArchiveCommand.AddMessages)) {
            refused[run.size() - 1] = applyOther(last, archives.get(last.archiveId()), now);
        }
        archives.forEach((id, archive) -> applied.publicIds().put(id, archive.publicId()));
        applied.refusals().addAll(Arrays.asList(refused));
    }

    /** Stores the run's message records that the archives take; {@code refused} gets why the others were not. */
    private void storeMessages(List<ArchiveCommand> run, int position, Map<String, StoredArchive> archives,
            Forgotten forgotten, Refusal[] refused, Instant now) {
        List<IncomingMessages.Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < run.size(); i++) {
            if (run.get(i) instanceof ArchiveCommand.AddMessages add) {
                StoredArchive archive = archives.get(add.archiveId());
                // Taken down or expired first: what was taken down never comes back, not even in a dead letter.
                if (!archive.open(now)) {
                    continue;
                }
                if (archive.sealedAt() != null) {
                    refused[i] = refusals.sealed(archive, add);
                } else {
                    deliveries.add(new IncomingMessages.Delivery(archive.id(), position + i, add));
                }
            }
        }
        Map<String, StoredArchive> threads = rows.findOrCreate(threadArchiveIds(deliveries));
        deliveries.removeIf(d -> {
            Refusal crossing = ArchiveRefusals.threadOfOtherGuild(d.add(), archives.get(d.add().archiveId()), threads);
            refused[d.position() - position] = crossing;
            return crossing != null;
        });
        Map<String, String> threadPublicIds = new HashMap<>();
        threads.forEach((id, thread) -> threadPublicIds.put(id, thread.publicId()));
        // Forgotten after the checks, which must not depend on whether the forget came first.
        List<IncomingMessages.Delivery> stored = deliveries.stream().map(d -> new IncomingMessages.Delivery(d.archive(),
                d.position(), ArchiveForgetting.forgotten(d.add(), forgotten, archives.get(d.add().archiveId()).guildId())))
                .toList();
        messages.store(stored, threadPublicIds);
        if (copyMedia) {
            media.queue(stored);
        }
        forgetLateAuthors(stored, archives, forgotten);
    }

    /**
     * The forgotten authors' messages were stored as places only, but a stored message may have
     * kept an earlier version of theirs: the forget's own statements drop it, archive by archive.
     */
    private void forgetLateAuthors(List<IncomingMessages.Delivery> deliveries, Map<String, StoredArchive> archives,
            Forgotten forgotten) {
        if (forgotten.isEmpty()) {
            return;
        }
        Map<Long, Set<Long>> authors = new TreeMap<>();
        for (IncomingMessages.Delivery d : deliveries) {
            Long guildId = archives.get(d.add().archiveId()).guildId();
            d.add().messages().stream().map(StoredMessage::authorId).filter(author -> forgotten.covers(author, guildId))
                    .forEach(author -> authors.computeIfAbsent(d.archive(), a -> new TreeSet<>()).add(author));
        }
        authors.forEach((archive, users) -> users.forEach(user -> forgetting.forgetIn(archive, user)));
    }

    /**
     * The authors and named users of the batch's message records who were forgotten: one query,
     * after waiting for a forget in progress (see {@link ForgetRequests}). A creation waits too: it
     * applies its guild's forgets to the messages that came before it.
     */
    private Forgotten forgottenAuthors(List<ArchiveCommand> commands) {
        if (commands.stream().noneMatch(c -> c instanceof ArchiveCommand.AddMessages || c instanceof ArchiveCommand.Create)) {
            return new Forgotten();
        }
        forgets.shareLock();
        Set<Long> users = new HashSet<>();
        for (ArchiveCommand command : commands) {
            if (command instanceof ArchiveCommand.AddMessages add) {
                add.messages().forEach(m -> users.add(m.authorId()));
                add.mentions().stream().filter(n -> n.kind() == Mention.USER).forEach(n -> users.add(n.id()));
            }
        }
        return forgets.among(users);
    }

    /**
     * Applied once however often it is delivered: a redelivery finds its audit row and is answered
     * with what the first delivery changed. In the batch's transaction, all archives and raids at
     * once, rather than one transaction per archive: the audit row and every change commit together,
     * so a crash part way leaves nothing a redelivery would then skip.
     */
    private ForgetCounts forget(ArchiveCommand.Forget forget, Forgotten forgotten, Instant now) {
        forgets.lock();
        forgotten.add(forget.userId(), forget.guildId());
        Optional<Long> request = forgets.record(forget.guildId(), forget.userId(), forget.requestedBy(), forget.reason(), now);
        if (request.isEmpty()) {
            return forgets.counts(forget.guildId(), forget.userId(), forget.requestedBy(), forget.reason());
        }
        ArchiveForgetting.Changed archives = forgetting.forget(forget.guildId(), forget.userId());
        RaidForgetting.Changed raids = raidForgetting.forget(forget.guildId(), forget.userId());
        readerForgetting.forget(forget.guildId(), forget.userId());
        ForgetCounts counts = new ForgetCounts(archives.archives(), archives.messages(), raids.raids(), raids.accounts());
        forgets.changed(request.get(), counts);
        return counts;
    }

    /** Applies a command other than a message record; @return why it was refused, or null */
    private Refusal applyOther(ArchiveCommand command, StoredArchive archive, Instant now) {
        switch (command) {
            case ArchiveCommand.Create create -> {
                Refusal refusal = ArchiveRefusals.otherGuildsArchive(create, archive);
                if (refusal != null) {
                    return refusal;
                }
                rows.describe(archive.id(), create);
                if (archive.guildId() == null) {
                    forgetting.applyForgets(archive.id(), create.guildId());
                }
            }
            case ArchiveCommand.Seal seal -> rows.seal(archive.id(), seal.sealedAt());
            // Nothing to remove from an archive taken down or expired.
            case ArchiveCommand.Redact redact when archive.open(now) -> redactions.apply(redact, archive.id(), now);
            case ArchiveCommand.Redact redact -> {
            }
            case ArchiveCommand.Delete delete -> takeDown(archive, delete.reason());
            case ArchiveCommand.AddMessages add -> throw new IllegalArgumentException("message records are stored as a run");
            case ArchiveCommand.Forget forget -> throw new IllegalArgumentException("a forget names no archive");
            case ArchiveCommand.ChangeVisibility _, ArchiveCommand.Share _, ArchiveCommand.RevokeShare _,
                    ArchiveCommand.ChangeGuildAccess _ -> throw new IllegalArgumentException("applied by applyAccess");
        }
        return null;
    }

    /** Whether the command gives an archive not seen yet its row, as a placeholder (only its creation and content do). */
    private static boolean mayMakePlaceholder(ArchiveCommand command) {
        return switch (command) {
            case ArchiveCommand.Create _, ArchiveCommand.AddMessages _, ArchiveCommand.Seal _, ArchiveCommand.Delete _,
                    ArchiveCommand.Redact _ -> true;
            case ArchiveCommand.ChangeVisibility _, ArchiveCommand.Share _, ArchiveCommand.RevokeShare _,
                    ArchiveCommand.ChangeGuildAccess _, ArchiveCommand.Forget _ -> false;
        };
    }

    /**
     * Applies who may read an archive: its visibility, a share, a revocation.
     *
     * @param archive null when Milk knows no such archive
     * @return why it was refused, or null
     */
    private Refusal applyAccess(ArchiveCommand command, StoredArchive archive, int position, Applied applied,
            Instant now) {
        if (command instanceof ArchiveCommand.RevokeShare revocation) {
            String refusal = shares.revoke(archive == null ? null : archive.id(), revocation, now);
            return refusal == null ? null : Refusal.of(ReplyStatus.INVALID, refusal);
        }
        if (archive == null || archive.guildId() == null) {
            return Refusal.of(ReplyStatus.INVALID, "archiveId: archive '" + command.archiveId()
                    + "' is not created: send archive.created first");
        }
        switch (command) {
            case ArchiveCommand.ChangeVisibility change when archive.open(now) -> visibilities.change(archive.id(), change, now);
            // Nothing is left to read in an archive taken down or expired.
            case ArchiveCommand.ChangeVisibility _ -> {
            }
            case ArchiveCommand.Share share when archive.open(now) -> {
                switch (shares.share(archive.id(), share, now)) {
                    case ShareLinks.Issued link -> applied.shares().put(position, link);
                    case ShareLinks.Refused refused -> {
                        return Refusal.of(ReplyStatus.INVALID, refused.reason());
                    }
                }
            }
            case ArchiveCommand.Share share -> {
                return Refusal.of(ReplyStatus.INVALID, "archiveId: archive '" + share.archiveId()
                        + "' was taken down or has expired: there is nothing left to share");
            }
            default -> throw new IllegalArgumentException(command.type() + " is not about who may read an archive");
        }
        return null;
    }

    /** The archives the deliveries' threads are kept in (the store creates them as placeholders if need be). */
    private static Set<String> threadArchiveIds(List<IncomingMessages.Delivery> deliveries) {
        return deliveries.stream().flatMap(d -> d.add().messages().stream())
                .map(StoredMessage::thread).filter(t -> t != null && t.archiveId() != null)
                .map(ArchiveMessage.ThreadLink::archiveId).collect(Collectors.toSet());
    }

    /** A takedown: what the archive holds is deleted in this transaction, so no read finds it afterwards. */
    private void takeDown(StoredArchive archive, String reason) {
        contents.delete(List.of(archive.id()));
        rows.markDeleted(archive.id(), reason);
    }
}
