package dev.milk.reads.access;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Guards the pages only a guild's staff may open (the viewer log, the privacy audit, the
 * subject-access export): without a login it throws what sends the reader to the login (HTML) or
 * answers 401; a reader who is not staff gets the 403 page.
 */
public interface StaffOnly {

    Reader requireStaff(HttpServletRequest request, long guildId);
}
