package dev.milk.reads.web;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * How fresh a page read from a standby is: noted as its request takes a standby's connection, and
 * said by the live pages (a raid going on, an archive still being written), the only ones a lag
 * can leave behind the bot (kept pages are dropped once the standby replays a change). A page read
 * from the primary says nothing.
 */
public final class ReplicaFreshness {

    private static final String ATTRIBUTE = ReplicaFreshness.class.getName();

    private record Note(Duration lag, Instant at) {
    }

    private ReplicaFreshness() {
    }

    /** The request being answered on this thread read a standby {@code lag} behind the primary. */
    public static void note(Duration lag) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            return;
        }
        Object noted = request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (!(noted instanceof Note earlier) || earlier.lag().compareTo(lag) < 0) {
            request.setAttribute(ATTRIBUTE, new Note(lag, Instant.now()), RequestAttributes.SCOPE_REQUEST);
        }
    }

    /** "as of 12:00:03 UTC from a replica 0.4 s behind", or null when the request read no standby. */
    public static String of(RequestAttributes request) {
        if (!(request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) instanceof Note note)) {
            return null;
        }
        return "as of " + Pages.second(note.at()) + " UTC from a replica "
                + String.format(Locale.ROOT, "%.1f", note.lag().toMillis() / 1000.0) + " s behind";
    }
}
