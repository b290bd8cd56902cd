package dev.milk.reads.web;

import java.util.stream.Collectors;

import org.springframework.http.HttpHeaders;

import dev.milk.media.DiscordCdn;

/**
 * What every HTML page answers with besides itself: a Content-Security-Policy that allows no
 * script at all, styles from Milk, images only from Milk (its media copies) and Discord's CDN (no
 * other host may learn who reads a page: the pages link to anything else), audio only from Milk
 * (a voice message's copy, played by the browser's own controls), forms (the archive search) only
 * to Milk; and no referrer to the links it holds.
 */
public final class PagePolicy {

    public static final String POLICY = "default-src 'none'; style-src 'self'; img-src 'self' "
            + DiscordCdn.HOSTS.stream().map(host -> "https://" + host).collect(Collectors.joining(" "))
            + "; media-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

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
