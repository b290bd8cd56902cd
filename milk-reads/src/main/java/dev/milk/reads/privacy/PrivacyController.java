package dev.milk.reads.privacy;

import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import dev.milk.access.UserForgetRepository;
import dev.milk.reads.access.StaffOnly;
import dev.milk.reads.web.DecimalIds;
import dev.milk.reads.web.PagePolicy;
import dev.milk.reads.web.PrivateAnswers;
import dev.milk.reads.web.StreamedAnswers;

/**
 * A guild's privacy pages, for its staff alone: the forget requests that reached it (its own and
 * those for every guild), and the subject-access export of one user.
 */
@RestController
class PrivacyController {

    private final UserForgetRepository forgets;
    private final SubjectAccessExport export;
    private final StreamedAnswers streams;
    private final StaffOnly staff;
    private final Clock clock;

    PrivacyController(UserForgetRepository forgets, SubjectAccessExport export, StreamedAnswers streams,
            StaffOnly staff, Clock clock) {
        this.forgets = forgets;
        this.export = export;
        this.streams = streams;
        this.staff = staff;
        this.clock = clock;
    }

    @GetMapping(path = "/guild/{guildId}/privacy", produces = "text/html;charset=UTF-8")
    ResponseEntity<String> page(@PathVariable String guildId, HttpServletRequest request) {
        long guild = staffGuild(guildId, request);
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, PrivateAnswers.CACHE_CONTROL)
                .headers(PagePolicy.headers(null)).body(ForgetRequests.html(guild, forgets.findForGuild(guild)));
    }

    @GetMapping(path = "/guild/{guildId}/privacy.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ForgetRequests.Json> json(@PathVariable String guildId, HttpServletRequest request) {
        long guild = staffGuild(guildId, request);
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, PrivateAnswers.CACHE_CONTROL)
                .body(ForgetRequests.json(guild, forgets.findForGuild(guild)));
    }

    /** Everything Milk holds about one user id in this guild, streamed as one JSON document to download. */
    @GetMapping(path = "/guild/{guildId}/privacy/user/{userId}.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<StreamingResponseBody> export(@PathVariable String guildId, @PathVariable String userId,
            HttpServletRequest request) {
        long user = DecimalIds.required(userId, "userId");
        long guild = staffGuild(guildId, request);
        var now = clock.instant();
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, PrivateAnswers.CACHE_CONTROL)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("milk-" + guild + "-user-" + user + ".json").build().toString())
                .contentType(MediaType.APPLICATION_JSON)
                .body(streams.bytes(out -> export.write(out, guild, user, now)));
    }

    /** The guild id, once the reader is known to be its staff; a malformed id is refused before any login. */
    private long staffGuild(String guildId, HttpServletRequest request) {
        long guild = DecimalIds.required(guildId, "guildId");
        staff.requireStaff(request, guild);
        return guild;
    }
}
