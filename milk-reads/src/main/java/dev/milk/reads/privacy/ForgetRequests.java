package dev.milk.reads.privacy;

import java.util.List;

import dev.milk.access.UserForget;
import dev.milk.reads.web.Pages;

/** The forget requests a guild's staff see at {@code /guild/{id}/privacy}, as HTML ({@code privacy.jte}) and JSON. */
public final class ForgetRequests {

    private ForgetRequests() {
    }

    record Json(String guild, List<Request> requests) {
    }

    /** @param guild the guild it was for, null for every guild */
    record Request(String id, String guild, String userId, String requestedBy, String reason, String requestedAt,
            int archivesChanged, int messagesChanged, int raidsChanged, int accountsChanged) {
    }

    /** What {@code privacy.jte} shows. */
    public record Html(String guild, List<Row> rows) {
    }

    /** @param scope "this server" or "every server" */
    public record Row(String at, String atIso, String userId, String requestedBy, String reason, String scope,
            String changed) {
    }

    static Json json(long guildId, List<UserForget> requests) {
        return new Json(Long.toString(guildId), requests.stream().map(f -> new Request(f.id().toString(),
                f.guildId() == null ? null : f.guildId().toString(), Long.toString(f.userId()),
                Long.toString(f.requestedBy()), f.reason(), f.requestedAt().toString(), f.archivesChanged(),
                f.messagesChanged(), f.raidsChanged(), f.accountsChanged())).toList());
    }

    static String html(long guildId, List<UserForget> requests) {
        List<Row> rows = requests.stream().map(f -> new Row(Pages.second(f.requestedAt()), f.requestedAt().toString(),
                Long.toString(f.userId()), Long.toString(f.requestedBy()), f.reason() == null ? "" : f.reason(),
                f.guildId() == null ? "every server" : "this server",
                f.messagesChanged() + " messages in " + f.archivesChanged() + " archives, " + f.accountsChanged()
                        + " accounts in " + f.raidsChanged() + " raids")).toList();
        return Pages.render("privacy.jte", new Html(Long.toString(guildId), rows), 4_096 + 512 * rows.size());
    }
}
