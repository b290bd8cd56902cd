package dev.milk.reads.access;

/** Why a request may read an archive or a raid log. */
public sealed interface Access {

    /** Public: anyone with the link. Only counted, never logged. */
    record Open() implements Access {
    }

    /** A logged-in reader the archive's visibility admits (a member, a role holder, the staff). */
    record Member(Reader reader) implements Access {
    }

    /** A share link, by its public id (never its token). */
    record Shared(String shareId) implements Access {
    }
}
