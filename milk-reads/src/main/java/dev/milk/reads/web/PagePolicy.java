package dev.milk.reads.web;

/** The Content-Security-Policy of every HTML page: no script at all, styles from Milk, images over https. */
public final class PagePolicy {

    public static final String POLICY = "default-src 'none'; style-src 'self'; img-src https: data:; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";

    private PagePolicy() {
    }

    /** The policy, also allowing the one inline style block whose CSP hash source is given (null: none). */
    public static String allowingStyle(String styleHash) {
        return styleHash == null ? POLICY : POLICY.replace("style-src 'self'", "style-src 'self' " + styleHash);
    }
}
