package dev.milk.reads.views;

import java.time.Instant;
import java.util.List;

import dev.milk.access.ArchiveView;
import dev.milk.reads.web.Pages;

/** The viewer log of one archive, a page of views newest first, as HTML ({@code views.jte}) and JSON. */
public final class ViewsPage {

    private ViewsPage() {
    }

    /** The archive whose log it is. */
    record LoggedArchive(long key, String publicId, long guildId, String channelName) {
    }

    /**
     * @param counted views of the archive while it was public, counted without who
     * @param next    the cursor of the next (older) page, null on the last one
     */
    record Json(Archive archive, long counted, Views views) {
    }

    record Archive(String id, String guild, String channelName) {
    }

    record Views(String next, int size, List<View> data) {
    }

    /**
     * One view: by a Discord user ({@code viewerId}, {@code viewerName}) or through a share link
     * ({@code shareId}, its public id).
     */
    record View(String id, String viewedAt, String viewerId, String viewerName, String shareId, String route,
            String replica) {
    }

    /** What {@code views.jte} shows. */
    public record Html(String title, String publicId, String channelName, long counted, List<Row> rows, String next,
            boolean firstPage) {
    }

    /** @param who the viewer's name and id, or "share link" and its id */
    public record Row(String at, String atIso, String who, String route, String replica) {
    }

    static Json json(LoggedArchive archive, long counted, List<ArchiveView> views, Long next) {
        return new Json(new Archive(archive.publicId(), Long.toString(archive.guildId()), archive.channelName()), counted,
                new Views(next == null ? null : next.toString(), views.size(), views.stream().map(view -> new View(
                        view.id().toString(), view.viewedAt().toString(),
                        view.viewerId() == null ? null : view.viewerId().toString(), view.viewerName(), view.shareId(),
                        view.route(), view.replica())).toList()));
    }

    static String html(LoggedArchive archive, long counted, List<ArchiveView> views, Long next, boolean firstPage) {
        String channel = archive.channelName() == null ? "unknown-channel" : archive.channelName();
        List<Row> rows = views.stream().map(view -> new Row(Pages.second(view.viewedAt()), iso(view.viewedAt()),
                view.shareId() != null ? "share link " + view.shareId()
                        : view.viewerName() + " (" + view.viewerId() + ")", view.route(), view.replica())).toList();
        return Pages.render("views.jte", new Html("Views of #" + channel + " · Milk", archive.publicId(), channel,
                counted, rows, next == null ? null : next.toString(), firstPage), 4_096 + 256 * rows.size());
    }

    private static String iso(Instant at) {
        return at.toString();
    }
}
