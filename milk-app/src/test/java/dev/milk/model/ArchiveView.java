package dev.milk.model;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * What a reader learns of an archive from its JSON route, reduced to what the model decides: the
 * same shape whether it comes from the model or from Milk, so a difference prints as one.
 *
 * @param status 200, or 410 when the archive was taken down or expired
 */
record ArchiveView(int status, String reason, String sealedAt, long size, List<Removal> removals,
        List<Message> messages) {

    static final ArchiveView GONE = new ArchiveView(410, null, null, 0, List.of(), List.of());

    record Removal(String by, String byName, String reason, List<String> messageIds) {
    }

    /**
     * @param removed  the removal's reason, for a message moderators removed
     * @param versions the earlier versions, oldest first, each as its time and content
     */
    record Message(String id, String authorName, String content, String editedAt, String removed,
            List<String> versions) {
    }

    static ArchiveView of(JsonNode page) {
        JsonNode archive = page.get("archive");
        List<Removal> removals = new ArrayList<>();
        for (JsonNode r : archive.get("redactions")) {
            removals.add(new Removal(r.get("by").asString(), text(r.get("byName")), text(r.get("reason")),
                    r.get("messageIds").valueStream().map(JsonNode::asString).toList()));
        }
        List<Message> messages = new ArrayList<>();
        for (JsonNode m : page.get("messages").get("data")) {
            JsonNode removed = m.get("removed");
            messages.add(new Message(m.get("id").asString(), m.get("authorName").asString(), m.get("content").asString(),
                    text(m.get("editedAt")), removed == null || removed.isNull() ? null : text(removed.get("reason")),
                    m.get("versions").valueStream()
                            .map(v -> v.get("at").asString() + " " + v.get("content").asString()).toList()));
        }
        return new ArchiveView(200, text(archive.get("reason")), text(archive.get("sealedAt")),
                archive.get("size").asLong(), removals, messages);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }
}
