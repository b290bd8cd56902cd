package dev.milk.reads.raid;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.milk.reads.access.StaffOnly;
import dev.milk.reads.web.NotFoundException;
import dev.milk.reads.web.PagePolicy;
import dev.milk.reads.web.PrivateAnswers;

/**
 * Repeat raiders: a view across a guild's raids, so for its staff alone (a raid log's own readers
 * learn nothing of the guild's other raids). Never kept by a cache, Milk's or anyone's.
 */
@RestController
class RaidRepeatsController {

    private static final String HTML = "text/html;charset=UTF-8";

    private final RaidQueries queries;
    private final RaidRepeats repeats;
    private final StaffOnly staff;

    RaidRepeatsController(RaidQueries queries, RaidRepeats repeats, StaffOnly staff) {
        this.queries = queries;
        this.repeats = repeats;
        this.staff = staff;
    }

    /** How many of the raid's accounts were in the guild's earlier raids, raid by raid. */
    @GetMapping(path = "/raid/{id}/repeats", produces = HTML)
    ResponseEntity<String> repeats(@PathVariable String id, HttpServletRequest request) {
        RaidSummary raid = staffRaid(id, request);
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, PrivateAnswers.CACHE_CONTROL)
                .headers(PagePolicy.headers(null)).body(RaidRepeatsHtml.repeats(raid, repeats.of(raid)));
    }

    /** The accounts two raids of one guild share. */
    @GetMapping(path = "/raid/{id}/overlap/{otherId}", produces = HTML)
    ResponseEntity<String> overlap(@PathVariable String id, @PathVariable String otherId, HttpServletRequest request) {
        RaidSummary raid = staffRaid(id, request);
        // Only after the staff check, and only within its guild: another guild's raid is as unknown as no raid.
        RaidSummary other = queries.find(otherId);
        if (other.guildId() != raid.guildId()) {
            throw new NotFoundException("no raid has this id");
        }
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, PrivateAnswers.CACHE_CONTROL)
                .headers(PagePolicy.headers(null))
                .body(RaidRepeatsHtml.overlap(raid, other, repeats.shared(raid, other, RaidHtml.BAN_LIST_IDS),
                        repeats.sharedCount(raid, other)));
    }

    /** The raid, once the reader is known to be its guild's staff. */
    private RaidSummary staffRaid(String id, HttpServletRequest request) {
        RaidSummary raid = queries.find(id);
        staff.requireStaff(request, raid.guildId());
        return raid;
    }
}
