package dev.milk.settings;

import java.net.URI;
import java.util.Locale;

/**
 * Where Milk may be reached, or reach out, over plain http: a loopback address only (a developer's
 * machine, a test). A login's tokens, a session's cookie and a share link's token must never cross
 * a network in the clear; the login's settings and the share links' base follow this one rule.
 */
public final class PlainHttp {

    private PlainHttp() {
    }

    /**
     * Refuses an http URL to any other host, naming the setting; an https URL, or anything not http, passes.
     *
     * @param variable the setting that gave the URL, as the refusal names it
     */
    public static void requireLoopback(String variable, URI uri) {
        if ("http".equalsIgnoreCase(uri.getScheme()) && !(uri.getHost() != null && loopback(uri.getHost()))) {
            throw new SettingException(variable, "must use https: plain http is only for a loopback address");
        }
    }

    /** Whether the URL is plain http to a loopback address: the one case cookies may go without {@code Secure}. */
    public static boolean onLoopback(URI uri) {
        return "http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && loopback(uri.getHost());
    }

    /** A loopback name or literal address, never resolved: a DNS answer must not decide it. */
    static boolean loopback(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.equals("localhost") || name.matches("127(\\.\\d{1,3}){3}") || name.equals("[::1]") || name.equals("::1");
    }
}
