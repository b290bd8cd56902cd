package dev.milk.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.springframework.util.FileSystemUtils;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import dev.milk.media.DiscordCdn;
import dev.milk.media.MediaMirror;

/**
 * The demo's mirror of Discord's CDN: an https server on 127.0.0.1 (a free port) answering every
 * path of the demo archive's links with an image drawn for it ({@link DemoImages}), so Milk's own
 * copier copies the demo's media as it copies a real archive's, with no network at all. Its
 * certificate is made at start-up for this run only; the copier trusts it through
 * {@code MILK_MEDIA_TRUST_STORE}, and reaches it only because the demo allows the host
 * ({@link #HOST}) and its address, as an operator allows a mirror inside a cluster.
 */
final class DemoCdn implements MediaMirror, AutoCloseable {

    /** An address, not a name: a name may also resolve to {@code ::1}, where nothing listens. */
    static final String HOST = "127.0.0.1";
    static final String NETWORK = HOST + "/32";

    private final Path directory;
    private final Path trustStore;
    private final String password;
    private final HttpsServer server;
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();

    private DemoCdn(Path directory, Path trustStore, String password, HttpsServer server) {
        this.directory = directory;
        this.trustStore = trustStore;
        this.password = password;
        this.server = server;
    }

    static DemoCdn start() {
        Path directory = null;
        try {
            directory = Files.createTempDirectory("milk-demo-cdn");
            byte[] secret = new byte[16];
            new SecureRandom().nextBytes(secret);
            String password = HexFormat.of().formatHex(secret);
            KeyStore key = certificate(directory.resolve("cdn.p12"), password);
            Path trustStore = directory.resolve("trust.p12");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("demo-cdn", key.getCertificate("demo-cdn"));
            try (OutputStream out = Files.newOutputStream(trustStore)) {
                trust.store(out, password.toCharArray());
            }
            var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(key, password.toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName(HOST), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            DemoCdn cdn = new DemoCdn(directory, trustStore, password, server);
            server.createContext("/", cdn::answer);
            server.setExecutor(cdn.requests);
            server.start();
            return cdn;
        } catch (IOException | GeneralSecurityException e) {
            delete(directory);
            throw new IllegalStateException("the demo's CDN could not start: " + e.getMessage(), e);
        }
    }

    /** A key pair and its self-signed certificate for 127.0.0.1, by the JDK's own keytool. */
    private static KeyStore certificate(Path file, String password) throws IOException, GeneralSecurityException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "demo-cdn", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=Milk demo CDN", "-ext", "SAN=ip:" + HOST + ",dns:localhost",
                "-validity", "7", "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", password)
                .redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes());
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("keytool failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while keytool ran", e);
        }
        KeyStore key = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            key.load(in, password.toCharArray());
        }
        return key;
    }

    /** Discord's CDN links to the same path here; any other link is fetched as it is (and refused). */
    @Override
    public String of(String link) {
        if (!DiscordCdn.serves(link)) {
            return link;
        }
        URI uri = URI.create(link);
        return "https://" + HOST + ":" + port() + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?"
                + uri.getRawQuery());
    }

    int port() {
        return server.getAddress().getPort();
    }

    Path trustStore() {
        return trustStore;
    }

    String trustStorePassword() {
        return password;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            DemoImages.Image image = "GET".equals(exchange.getRequestMethod())
                    ? DemoImages.at(exchange.getRequestURI().getPath()) : null;
            if (image == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", image.contentType());
            exchange.sendResponseHeaders(200, image.bytes().length);
            exchange.getResponseBody().write(image.bytes());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        requests.close();
        delete(directory);
    }

    private static void delete(Path directory) {
        if (directory == null) {
            return;
        }
        try {
            FileSystemUtils.deleteRecursively(directory);
        } catch (IOException ignored) {
            // a temporary folder: the system clears it
        }
    }

    /** Hosts the copier may fetch from in the demo: those already allowed, and the mirror's. */
    static String allowed(String configured, String added) {
        List<String> all = new ArrayList<>(Arrays.stream(configured.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList());
        if (all.stream().noneMatch(added::equalsIgnoreCase)) {
            all.add(added);
        }
        return String.join(",", all);
    }
}
