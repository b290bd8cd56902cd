package dev.milk.upgrade;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.milk.archive.CdnStandIn;

/**
 * The files the bot's messages show, as the CDN stand-in serves them: the SHA-256 of each (a
 * copy's key), fetched the way the writers fetch them (by the CDN's name, which the test JVM
 * resolves to the stand-in, trusting its certificate).
 */
final class CdnFiles {

    private final HttpClient https;
    private final Map<String, String> sha256 = new HashMap<>();

    CdnFiles(CdnStandIn cdn) throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(cdn.keystore())) {
            keys.load(in, CdnStandIn.PASSWORD.toCharArray());
        }
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keys);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        https = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The SHA-256 of the bytes the stand-in answers for {@code url}, fetched once. */
    synchronized String sha256(String url) {
        return sha256.computeIfAbsent(url, this::fetch);
    }

    private String fetch(String url) {
        try {
            View.Hashed answer = View.hashed(https, URI.create(url));
            if (answer.status() != 200) {
                throw new AssertionError("the CDN stand-in answered " + answer.status() + " for " + url);
            }
            return answer.sha256();
        } catch (IOException e) {
            throw new AssertionError("could not fetch " + url + " from the CDN stand-in: " + e, e);
        }
    }
}
