package dev.milk.reads.archive;

import java.time.Instant;
import java.util.List;

/** An earlier version of an edited message: what it said until {@code at}'s successor replaced it. */
record MessageVersion(Instant at, String content, List<MessageParts.Attachment> attachments,
        List<MessageParts.Embed> embeds) {
}
