package dev.milk.archive;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import dev.milk.LocalPorts;
import dev.milk.reads.access.ReadsSecurity;

/**
 * What a browser does with Milk's login: keeps cookies, follows redirects (one at a time, so a
 * test sees each), and on Discord's consent page picks an account.
 */
public final class Browser {

    private final HttpClient http;
    private final CookieManager cookies = new CookieManager();
    private final String account;

    /** @param account the Discord account this browser logs in with on the consent page; null: none */
    public Browser(String account) {
        this.account = account;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The id of Milk's session this browser holds (Spring Session's cookie carries it in base64), or null. */
    public String sessionId() {
        return cookies.getCookieStore().getCookies().stream().filter(cookie -> ReadsSecurity.SESSION_COOKIE.equals(cookie.getName()))
                .map(cookie -> new String(Base64.getDecoder().decode(cookie.getValue()), StandardCharsets.UTF_8))
                .findFirst().orElse(null);
    }

    public HttpResponse<String> send(String method, URI uri) {
        return send(method, uri, HttpResponse.BodyHandlers.ofString());
    }

    /** A GET whose answer is kept as bytes (an offline export, a media copy). */
    public HttpResponse<byte[]> download(URI uri) {
        return send("GET", uri, HttpResponse.BodyHandlers.ofByteArray());
    }

    private <T> HttpResponse<T> send(String method, URI uri, HttpResponse.BodyHandler<T> body) {
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        return LocalPorts.send(http, request.build(), body);
    }

    public HttpResponse<String> post(URI uri, String form) {
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        return LocalPorts.send(http, request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET, and its redirects followed; the consent page answered with this browser's account. */
    public HttpResponse<String> open(URI uri) {
        URI next = uri;
        for (int hop = 0; hop < 10; hop++) {
            if (next.getPath().endsWith("/oauth2/authorize")) {
                next = URI.create(next + "&user=" + account);
            }
            HttpResponse<String> response = send("GET", next);
            var location = response.headers().firstValue("Location");
            if (response.statusCode() / 100 != 3 || location.isEmpty()) {
                return response;
            }
            next = next.resolve(location.get());
        }
        throw new AssertionError("more than 10 redirects from " + uri);
    }
}
