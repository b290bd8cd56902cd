package dev.milk.reads.access;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

/** The share links a request carries (opened earlier in its session), as the access decision asks for them. */
public interface SharedArchives {

    /** @return the public id of a share link of this request's that opens the archive now, if any */
    Optional<String> shareIdFor(HttpServletRequest request, long archiveId);
}
