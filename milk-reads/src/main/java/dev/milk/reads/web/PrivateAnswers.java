package dev.milk.reads.web;

/** What only its reader may see (staff pages, exports) is never kept by any cache, shared or the browser's. */
public final class PrivateAnswers {

    public static final String CACHE_CONTROL = "private, no-store";

    private PrivateAnswers() {
    }
}
