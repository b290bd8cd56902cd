package dev.milk.dce.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLConnection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import dev.milk.settings.SettingException;

/**
 * The files beside {@code --media} exports, each at an https address Milk's copier fetches it
 * from, as it fetches Discord's CDN: so a file beside an export passes every check a copy passes
 * (https, an allowed host, an allowed address, a trusted certificate, the size caps) and is stored
 * as any other. With a key store, the importer serves them itself on the address's port, and only
 * the files an export named (by a number, never by a path a request could steer); without one,
 * something else serves the exports' folders at the address, by their paths.
 */
final class MediaServer implements LocalMedia, AutoCloseable {

    /** What the copier asked of the served files. */
    record Fetched(int served, int fetched) {
    }

    private final String base;
    private final Path root;
    private final HttpsServer server;
    private final ExecutorService requests;
    private final List<Path> files = new ArrayList<>();
    private final Map<Path, Integer> numbers = new ConcurrentHashMap<>();
    private final Map<Integer, Boolean> fetched = new ConcurrentHashMap<>();
    private volatile long lastRequest = System.nanoTime();

    private MediaServer(String base, Path root, HttpsServer server, ExecutorService requests) {
        this.base = base;
        this.root = root;
        this.server = server;
        this.requests = requests;
    }

    /** @param root the folder every export is in (paths of an external server are relative to it) */
    static MediaServer start(DceImportProperties.Media settings, Path root) {
        if (settings.keyStore().isEmpty()) {
            try {
                return new MediaServer(settings.url(), root.toRealPath(), null, null);
            } catch (IOException e) {
                throw new SettingException("MILK_IMPORT_DCE_PATH", "names " + root + ", which cannot be read: " + e);
            }
        }
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            char[] password = settings.keyStorePassword().toCharArray();
            try (InputStream in = Files.newInputStream(Path.of(settings.keyStore()))) {
                keys.load(in, password);
            }
            var managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, password);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(managers.getKeyManagers(), null, null);
            int port = URI.create(settings.url()).getPort();
            HttpsServer server = HttpsServer.create(new InetSocketAddress(port == -1 ? 443 : port), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
            MediaServer media = new MediaServer(settings.url(), root, server, requests);
            server.createContext("/", media::answer);
            server.setExecutor(requests);
            server.start();
            return media;
        } catch (IOException | GeneralSecurityException e) {
            throw new SettingException("MILK_IMPORT_DCE_MEDIA_KEY_STORE",
                    "cannot serve the exports' files with " + settings.keyStore() + ": " + e.getMessage());
        }
    }

    @Override
    public Resolved resolve(Path directory, String path) {
        // DCE writes the path as the exporting system does: Windows' separators too. Only a file in
        // the export's own folder, links followed, is served: an export names what it likes, and
        // what is served is copied into an archive others may read.
        Path file;
        try {
            file = directory.resolve(path.replace('\\', '/')).toRealPath();
            Path folder = directory.toRealPath();
            if (!file.startsWith(folder) || !Files.isRegularFile(file)) {
                return new Resolved(null, "is a file (" + path + ") outside the export's folder, which is not served");
            }
            // Hidden files (.env, a key store's .p12 beside a dot folder) and exports are never media.
            boolean hidden = false;
            for (Path segment : folder.relativize(file)) {
                hidden |= segment.toString().startsWith(".");
            }
            if (hidden || file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
                return new Resolved(null, "is a hidden file or an export (" + path + "), which is not served");
            }
        } catch (IOException e) {
            return new Resolved(null, "is a file beside the export (" + path + ") that is not there");
        }
        if (server == null) {
            Path relative = root.relativize(file);
            List<String> segments = new ArrayList<>();
            relative.forEach(p -> segments.add(URLEncoder.encode(p.toString(), StandardCharsets.UTF_8).replace("+", "%20")));
            return new Resolved(base + "/" + String.join("/", segments), null);
        }
        int number = numbers.computeIfAbsent(file, f -> {
            synchronized (files) {
                files.add(f);
                return files.size() - 1;
            }
        });
        String name = URLEncoder.encode(file.getFileName().toString(), StandardCharsets.UTF_8).replace("+", "%20");
        return new Resolved(base + "/" + number + "/" + name, null);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            lastRequest = System.nanoTime();
            Path file = file(exchange.getRequestURI().getRawPath());
            if (file == null || !"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String type = URLConnection.guessContentTypeFromName(file.getFileName().toString());
            exchange.getResponseHeaders().set("Content-Type", type == null ? "application/octet-stream" : type);
            exchange.sendResponseHeaders(200, Files.size(file));
            try (OutputStream out = exchange.getResponseBody()) {
                Files.copy(file, out);
            }
            fetched.put(numbers.get(file), Boolean.TRUE);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The file a path names by number, or null. */
    private Path file(String path) {
        String[] parts = path.split("/");
        if (parts.length != 3 || !parts[1].matches("[0-9]{1,9}")) {
            return null;
        }
        int number = Integer.parseInt(parts[1]);
        synchronized (files) {
            return number < files.size() ? files.get(number) : null;
        }
    }

    /**
     * Serves until every file was fetched, or until {@code quiet} passed without a request: a file
     * copied by an earlier run is not asked for again, and a refused one never is.
     */
    Fetched awaitCopies(Duration quiet) throws InterruptedException {
        if (server == null) {
            return new Fetched(0, 0);
        }
        while (fetched.size() < numbers.size() && System.nanoTime() - lastRequest < quiet.toNanos()) {
            Thread.sleep(100);
        }
        return new Fetched(numbers.size(), fetched.size());
    }

    /** Whether the importer serves the files itself (and so must wait for the copies). */
    boolean serving() {
        return server != null;
    }

    /** Restarts the quiet period: the copies of what was just published are yet to be asked for. */
    void published() {
        lastRequest = System.nanoTime();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            requests.close();
        }
    }
}
