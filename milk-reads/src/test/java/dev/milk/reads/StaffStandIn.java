package dev.milk.reads;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import dev.milk.reads.access.Reader;
import dev.milk.reads.access.StaffOnly;

/**
 * The Discord login's staff check, stood in for in slice tests: a request is logged in as the
 * staff of the guild its {@code X-Test-Staff} header names (no header: not logged in, 401; another
 * guild: 403), as the real check answers.
 */
public final class StaffStandIn implements StaffOnly {

    public static final String HEADER = "X-Test-Staff";

    @Override
    public Reader requireStaff(jakarta.servlet.http.HttpServletRequest request, long guildId) {
        String staffOf = request.getHeader(HEADER);
        if (staffOf == null) {
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED);
        }
        if (!staffOf.equals(Long.toString(guildId))) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN);
        }
        return new Reader(42, "Staff Member");
    }
}
