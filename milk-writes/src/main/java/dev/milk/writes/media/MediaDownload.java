package dev.milk.writes.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;
import org.springframework.util.unit.DataSize;

import dev.milk.media.CopyFailures;
import dev.milk.media.MediaProperties;

/**
 * Downloads one file for a copy into a stream, or says why not. Only https, only from the allowed
 * hosts, never from an address inside the network: each hop of a redirect is checked again, and
 * on the address connected to, since the client's resolver is {@link AllowedAddresses} (looked up
 * once, checked, connected to; SNI, Host and the certificate still on the name). Never more than
 * the size cap, counted as the bytes pass, never longer than the timeout, the whole download
 * included. Bytes pass through a 64 KiB buffer: a download holds nothing more in memory.
 */
final class MediaDownload implements AutoCloseable {

    private static final int MAX_REDIRECTS = 3;

    /** What a download came to. */
    sealed interface Outcome {
    }

    /** Every byte went to the stream. */
    record Downloaded() implements Outcome {
    }

    /**
     * @param reason what visitors read ({@link CopyFailures}), never more
     * @param detail what the writer's log says
     * @param retry  whether another attempt may succeed (a timeout, a 5xx), or never (a 404, a refusal)
     */
    record Failed(String reason, String detail, boolean retry) implements Outcome {
    }

    private final Set<String> hosts;
    private final DataSize maxSize;
    private final long maxBytes;
    private final Duration timeout;
    private final CloseableHttpClient http;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("milk-media-deadlines").daemon().factory());

    MediaDownload(MediaProperties settings) {
        this.hosts = Set.copyOf(settings.allowedHosts().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList());
        this.maxSize = settings.maxFileSize();
        this.maxBytes = maxSize.toBytes();
        this.timeout = settings.timeout();
        Timeout each = Timeout.of(timeout);
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new AllowedAddresses(settings.allowedNetworks()))
                .setTlsSocketStrategy(new DefaultClientTlsStrategy(tls(settings)))
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(each).setSocketTimeout(each).build())
                .setMaxConnPerRoute(settings.concurrentCopies()).setMaxConnTotal(settings.concurrentCopies() * 2)
                .build();
        // The bytes as served, whatever their encoding: a copy is of the file, and its key the file's SHA-256.
        this.http = HttpClients.custom().setConnectionManager(connections).disableRedirectHandling()
                .disableAutomaticRetries().disableContentCompression().disableCookieManagement().disableAuthCaching()
                .setUserAgent("Milk archive copier").build();
    }

    /**
     * Writes the file at {@code url} to {@code sink}; on failure, what was written is to be
     * discarded. A failure of the sink itself is thrown, as an {@link UncheckedIOException}.
     */
    Outcome fetch(String url, OutputStream sink) {
        AtomicReference<HttpGet> current = new AtomicReference<>();
        AtomicBoolean late = new AtomicBoolean();
        // The whole download, redirects and body, within the timeout: at the deadline the request is aborted.
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            late.set(true);
            HttpGet request = current.get();
            if (request != null) {
                request.cancel();
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            Outcome outcome = follow(url, sink, current, late);
            return late.get() && outcome instanceof Failed ? timedOut() : outcome;
        } finally {
            deadline.cancel(false);
        }
    }

    private Outcome follow(String url, OutputStream sink, AtomicReference<HttpGet> current, AtomicBoolean late) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return new Failed(CopyFailures.NOT_A_FILE, "not a URL", false);
        }
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            String hopped = hop == 0 ? "" : "redirected to " + uri.getHost() + ", which ";
            Failed refusal = refusal(uri, hopped);
            if (refusal != null) {
                return refusal;
            }
            HttpGet request = new HttpGet(uri);
            current.set(request);
            if (late.get()) {
                return timedOut();
            }
            ClassicHttpResponse response;
            try {
                response = http.executeOpen(null, request, null);
            } catch (AllowedAddresses.Refused e) {
                return new Failed(CopyFailures.ADDRESS_NOT_PUBLIC, hopped + e.getMessage(), false);
            } catch (UnknownHostException e) {
                // A resolver's bad minute passes: tried again, as a timeout is.
                return new Failed(CopyFailures.UNREACHABLE, hopped + "has no address", true);
            } catch (SocketTimeoutException e) {
                return timedOut();
            } catch (IOException e) {
                return new Failed(CopyFailures.UNREACHABLE, "could not connect: " + e.getMessage(), true);
            }
            try {
                int status = response.getCode();
                Header location = response.getFirstHeader("Location");
                if (status >= 300 && status < 400 && location != null) {
                    request.cancel();
                    try {
                        uri = uri.resolve(new URI(location.getValue()));
                    } catch (URISyntaxException e) {
                        return new Failed(CopyFailures.NOT_A_FILE, "redirected to something that is not a URL", false);
                    }
                    continue;
                }
                if (status != 200) {
                    request.cancel();
                    return new Failed(CopyFailures.answered(status), "answered " + status,
                            status == 408 || status == 429 || status >= 500);
                }
                HttpEntity body = response.getEntity();
                if (body != null && body.getContentLength() > maxBytes) {
                    request.cancel();
                    return tooLarge();
                }
                return body == null ? new Downloaded() : read(body, sink, request);
            } finally {
                closeQuietly(response);
            }
        }
        return new Failed(CopyFailures.NOT_A_FILE, "more than " + MAX_REDIRECTS + " redirects", false);
    }

    /** Why {@code uri} may not be fetched, or null; its addresses are checked as the connection is made. */
    private Failed refusal(URI uri, String hopped) {
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            return new Failed(CopyFailures.NOT_HTTPS, hopped + "is not https", false);
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!hosts.contains(host)) {
            return new Failed(CopyFailures.HOST_NOT_ALLOWED, hopped + "is not an allowed host (MILK_MEDIA_ALLOWED_HOSTS)",
                    false);
        }
        return null;
    }

    /** The body into {@code sink}, counted: past the cap the connection is dropped, not read to its end. */
    private Outcome read(HttpEntity body, OutputStream sink, HttpGet request) {
        InputStream in;
        try {
            in = body.getContent();
        } catch (IOException e) {
            return new Failed(CopyFailures.BROKE_OFF, "the download broke off: " + e.getMessage(), true);
        }
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                return timedOut();
            } catch (IOException e) {
                return new Failed(CopyFailures.BROKE_OFF, "the download broke off: " + e.getMessage(), true);
            }
            if (n < 0) {
                return new Downloaded();
            }
            total += n;
            if (total > maxBytes) {
                request.cancel();
                return tooLarge();
            }
            try {
                sink.write(buffer, 0, n);
            } catch (IOException e) {
                // The store's failure, not the download's: it passes the download's own handling.
                request.cancel();
                throw new UncheckedIOException(e);
            }
        }
    }

    private Failed timedOut() {
        return new Failed(CopyFailures.TIMED_OUT, "timed out after " + timeout.toSeconds() + " s", true);
    }

    private Failed tooLarge() {
        return new Failed(CopyFailures.tooLarge(maxSize), "larger than " + maxBytes + " bytes (MILK_MEDIA_MAX_FILE_SIZE)",
                false);
    }

    /** Released for reuse when read to its end; an abandoned one was cancelled, and closing it may say so. */
    private static void closeQuietly(ClassicHttpResponse response) {
        try {
            response.close();
        } catch (IOException ignored) {
            // the connection is gone either way
        }
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

    @Override
    public void close() {
        deadlines.shutdownNow();
        try {
            http.close();
        } catch (IOException ignored) {
            // the writer is stopping
        }
    }
}
