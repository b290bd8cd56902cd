package dev.milk.writes.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.milk.media.MediaProperties;

/**
 * Downloads one file for a copy, or says why not. Only https, only from the allowed hosts, never
 * from an address inside the network (each hop of a redirect is checked again), never more than
 * the size cap, never longer than the timeout, the whole download included.
 */
final class MediaDownload implements AutoCloseable {

    private static final int MAX_REDIRECTS = 3;

    /** What a download came to. */
    sealed interface Outcome {
    }

    record Downloaded(byte[] bytes) implements Outcome {
    }

    /** @param retry whether another attempt may succeed (a timeout, a 5xx), or never (a 404, a refusal) */
    record Failed(String reason, boolean retry) implements Outcome {
    }

    private final Set<String> hosts;
    private final AllowedAddresses addresses;
    private final long maxBytes;
    private final Duration timeout;
    private final HttpClient http;
    private final ExecutorService downloads = Executors.newVirtualThreadPerTaskExecutor();

    MediaDownload(MediaProperties settings) {
        this.hosts = Set.copyOf(settings.allowedHosts().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList());
        this.addresses = new AllowedAddresses(settings.allowedNetworks());
        this.maxBytes = settings.maxFileSize().toBytes();
        this.timeout = settings.timeout();
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout)
                .sslContext(tls(settings)).build();
    }

    Outcome fetch(String url) {
        AtomicReference<InputStream> body = new AtomicReference<>();
        Future<Outcome> download = downloads.submit(() -> follow(url, body));
        try {
            return download.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            download.cancel(true);
            closeQuietly(body.get());
            return new Failed("timed out after " + timeout.toSeconds() + " s", true);
        } catch (ExecutionException e) {
            return new Failed("download failed: " + e.getCause(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            download.cancel(true);
            return new Failed("interrupted", true);
        }
    }

    private Outcome follow(String url, AtomicReference<InputStream> body) throws InterruptedException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return new Failed("not a URL", false);
        }
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            String refusal;
            try {
                refusal = refusal(uri);
            } catch (UnknownHostException e) {
                // A resolver's bad minute passes: tried again, as a timeout is.
                return new Failed((hop == 0 ? "" : "redirected to " + uri.getHost() + ", which ") + "has no address", true);
            }
            if (refusal != null) {
                return new Failed(hop == 0 ? refusal : "redirected to " + uri.getHost() + ", which " + refusal, false);
            }
            HttpResponse<InputStream> response;
            try {
                response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", "Milk archive copier")
                        .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpTimeoutException e) {
                return new Failed("timed out after " + timeout.toSeconds() + " s", true);
            } catch (IOException e) {
                return new Failed("could not connect: " + e.getMessage(), true);
            }
            body.set(response.body());
            int status = response.statusCode();
            if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
                closeQuietly(response.body());
                try {
                    uri = uri.resolve(new URI(response.headers().firstValue("Location").get()));
                } catch (URISyntaxException e) {
                    return new Failed("redirected to something that is not a URL", false);
                }
                continue;
            }
            if (status != 200) {
                closeQuietly(response.body());
                return new Failed("answered " + status, status == 408 || status == 429 || status >= 500);
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                closeQuietly(response.body());
                return tooLarge();
            }
            return read(response.body());
        }
        return new Failed("more than " + MAX_REDIRECTS + " redirects", false);
    }

    /** Why {@code uri} may not be fetched, or null. */
    private String refusal(URI uri) throws UnknownHostException {
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            return "is not https";
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!hosts.contains(host)) {
            return "is not an allowed host (MILK_MEDIA_ALLOWED_HOSTS)";
        }
        for (InetAddress address : InetAddress.getAllByName(host)) {
            String refused = addresses.refusal(address);
            if (refused != null) {
                return refused;
            }
        }
        return null;
    }

    private Outcome read(InputStream in) {
        try (in) {
            var out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (out.size() + n > maxBytes) {
                    return tooLarge();
                }
                out.write(buffer, 0, n);
            }
            return new Downloaded(out.toByteArray());
        } catch (IOException e) {
            return new Failed("the download broke off: " + e.getMessage(), true);
        }
    }

    private Failed tooLarge() {
        return new Failed("larger than " + maxBytes + " bytes (MILK_MEDIA_MAX_FILE_SIZE)", false);
    }

    private static SSLContext tls(MediaProperties settings) {
        try {
            if (settings.trustStore().isEmpty()) {
                return SSLContext.getDefault();
            }
            // The JDK's CAs and the store's: a mirror with a private CA, and Discord's CDN as before.
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            try (InputStream in = Files.newInputStream(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"))) {
                trusted.load(in, null);
            }
            KeyStore extra = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(Path.of(settings.trustStore()))) {
                extra.load(in, settings.trustStorePassword().toCharArray());
            }
            for (String alias : Collections.list(extra.aliases())) {
                trusted.setCertificateEntry("milk-media-" + alias, extra.getCertificate(alias));
            }
            var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("MILK_MEDIA_TRUST_STORE: cannot read " + settings.trustStore() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the download is abandoned either way
            }
        }
    }

    @Override
    public void close() {
        downloads.shutdownNow();
        http.close();
    }
}
