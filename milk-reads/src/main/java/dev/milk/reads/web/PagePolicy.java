package dev.milk.reads.web;

import org.springframework.http.HttpHeaders;

/**
 * What every HTML page answers with besides itself: a Content-Security-Policy that allows no
 * script at all, styles from Milk, images from Milk (its media copies) and over https, forms (the archive search) only to Milk; and
 * no referrer to the links it holds.
 */
public final class PagePolicy {

    public static final String POLICY = "default-src 'none'; style-src 'self'; img-src 'self' https: data:; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private PagePolicy() {
    }

    /** @param styleHash the CSP source of the page's one inline style block, or null when it has none */
    public static HttpHeaders headers(String styleHash) {
        var headers = new HttpHeaders();
        headers.set("Content-Security-Policy",
                styleHash == null ? POLICY : POLICY.replace("style-src 'self'", "style-src 'self' " + styleHash));
        headers.set("Referrer-Policy", "no-referrer");
        return headers;
    }
}
