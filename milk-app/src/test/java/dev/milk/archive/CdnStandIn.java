package dev.milk.archive;

import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import dev.milk.TestHosts;
import dev.milk.processes.ChildProcesses;
import dev.milk.standalone.DemoSounds;

/**
 * Discord's CDN on a machine without the internet: an HTTPS server on 127.0.0.1 (self-signed, made
 * by keytool) that answers every image path of the CDN's URL forms with a drawn image of the right
 * kind, serves the fixtures of media copies under {@code /fixtures/} (see {@link #answer}), and
 * remembers what was asked. One per test JVM: Milk's writer trusts its certificate and reaches it
 * by the CDN's names ({@code TestHosts}), Chromium through {@code --host-resolver-rules}.
 */
public final class CdnStandIn implements AutoCloseable {

    static final List<String> HOSTS = List.of("cdn.discordapp.com", "media.discordapp.net");
    private static final Pattern RANDOM = Pattern.compile("random-(\\d+)-(\\d+)\\.bin");
    public static final String PASSWORD = "stand-in";

    private static CdnStandIn shared;

    private final HttpsServer server;
    private final Path keystore;
    private final Map<String, Integer> requested = new ConcurrentHashMap<>();

    /** The JVM's one stand-in, started on first use; the JVM's end stops it. */
    public static synchronized CdnStandIn shared() {
        if (shared == null) {
            try {
                shared = new CdnStandIn(Files.createTempDirectory("cdn-stand-in"));
            } catch (Exception e) {
                throw new IllegalStateException("could not start the CDN stand-in", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    private CdnStandIn(Path workDirectory) throws Exception {
        keystore = workDirectory.resolve("cdn.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                "-alias", "cdn", "-keyalg", "EC", "-dname", "CN=cdn.discordapp.com", "-validity", "2",
                "-ext", "SAN=dns:cdn.discordapp.com,dns:media.discordapp.net,dns:private.discordapp.net,dns:"
                        + TestHosts.REBINDING)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", this::answer);
        // A browser opens several connections at once; one dispatcher thread alone stalls their TLS handshakes.
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Its certificate (and key), for a client to trust: PKCS12, password {@link #PASSWORD}. */
    public Path keystore() {
        return keystore;
    }

    /** A fixture's https URL, by the CDN's name and this server's port. */
    public String fixture(String name) {
        return fixture("cdn.discordapp.com", name);
    }

    /** A fixture's https URL by another of the names the certificate holds. */
    String fixture(String host, String name) {
        return "https://" + host + ":" + port() + "/fixtures/" + name;
    }

    /**
     * Where the copier downloads a link from ({@code MediaMirror}): an avatar's link, which Milk
     * builds from a hash and so names no port, from here; every other link from itself (fixtures
     * name this server's port, and the emoji and sticker links of other tests stay uncopied).
     */
    public String mirror(String link) {
        String cdn = "https://cdn.discordapp.com";
        return link.startsWith(cdn + "/avatars/") ? cdn + ":" + port() + link.substring(cdn.length()) : link;
    }

    /** The Chromium switch that sends the CDN's hosts here. */
    String resolverRules() {
        return String.join(", ", HOSTS.stream().map(host -> "MAP " + host + " 127.0.0.1:" + port()).toList());
    }

    /** Paths asked for (with their query), and how often. */
    Map<String, Integer> requested() {
        return requested;
    }

    /** How often a path (with its query) was asked for. */
    int requests(String pathAndQuery) {
        return requested.getOrDefault(pathAndQuery, 0);
    }

    /**
     * The fixtures of media copies: {@code photo.png}, {@code clip.mp4}, {@code voice.wav} (a voice
     * message), {@code report.csv}, {@code noise-N.png}
     * (incompressible, about 30 KB each), {@code huge.bin} (2 MiB, declared) and
     * {@code huge-chunked.bin} (2 MiB, undeclared), {@code lying.png} (HTML called a PNG),
     * {@code slow.png} (answers after 5 s), {@code flaky.png} (503 at first, then the photo),
     * {@code gone.png} (404), and redirects: {@code redirect-ok.png} to the photo,
     * {@code redirect-private.png} to a host of the CDN's that resolves inside the network,
     * {@code redirect-elsewhere.png} to another site; {@code random-<seed>-<bytes>.bin}, any size,
     * made as it is sent ({@link #random}). Outside the fixtures, a path with {@code /gone} in it is
     * a 404 (an expired attachment, a changed avatar); any other is an image drawn for it.
     */
    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        int asked = requested.merge(exchange.getRequestURI().toString(), 1, Integer::sum);
        if (path.startsWith("/fixtures/")) {
            fixture(exchange, path.substring("/fixtures/".length()), asked);
            return;
        }
        if (path.contains("/gone")) {
            // As Discord answers once an attachment's link expired or a user changed their avatar.
            send(exchange, 404, "text/plain", "gone".getBytes());
            return;
        }
        if (path.endsWith(".wav")) {
            send(exchange, 200, "audio/wav", DemoSounds.voice());
            return;
        }
        if (path.endsWith(".csv")) {
            send(exchange, 200, "text/csv", "id,name\n1,raider\n".getBytes());
            return;
        }
        boolean gif = path.endsWith(".gif");
        BufferedImage image;
        if (path.startsWith("/emojis/")) {
            image = badge(48, 48, new Color(0x5865F2), gif ? "~" : "m");
        } else if (path.startsWith("/stickers/")) {
            image = badge(160, 160, new Color(0xF0B232), "W");
        } else if (path.startsWith("/embed/avatars/") || path.startsWith("/avatars/")) {
            image = badge(80, 80, new Color(0x23A55A + 0x1000 * Math.floorMod(path.hashCode(), 64)), "");
        } else {
            image = picture(400, 200);
        }
        var bytes = new ByteArrayOutputStream();
        ImageIO.write(image, gif ? "gif" : "png", bytes);
        exchange.getResponseHeaders().set("Content-Type", gif ? "image/gif" : "image/png");
        exchange.sendResponseHeaders(200, bytes.size());
        try (var out = exchange.getResponseBody()) {
            bytes.writeTo(out);
        }
    }

    private void fixture(HttpExchange exchange, String name, int asked) throws IOException {
        switch (name) {
            case "photo.png", "redirect-target.png" -> send(exchange, 200, "image/png", png(picture(400, 200)));
            case "clip.mp4" -> send(exchange, 200, "video/mp4", mp4());
            case "voice.wav" -> send(exchange, 200, "audio/wav", DemoSounds.voice());
            case "report.csv" -> send(exchange, 200, "text/csv", "id,name\n1,raider\n".getBytes());
            case "huge.bin" -> send(exchange, 200, "application/octet-stream", new byte[2 << 20]);
            case "huge-chunked.bin" -> {
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, 0);
                try (var out = exchange.getResponseBody()) {
                    out.write(new byte[2 << 20]);
                }
            }
            case "lying.png" -> send(exchange, 200, "image/png",
                    "<!DOCTYPE html><html><body><script>document.title='pwned'</script></body></html>".getBytes());
            case "slow.png" -> {
                ChildProcesses.pause(5_000);
                send(exchange, 200, "image/png", png(picture(10, 10)));
            }
            case "flaky.png" -> {
                if (asked == 1) {
                    send(exchange, 503, "text/plain", "try again".getBytes());
                } else {
                    send(exchange, 200, "image/png", png(badge(64, 64, new Color(0xEB459E), "f")));
                }
            }
            case "redirect-ok.png" -> redirect(exchange, "/fixtures/redirect-target.png");
            case "redirect-private.png" -> redirect(exchange, "https://private.discordapp.net:" + port() + "/fixtures/photo.png");
            case "redirect-elsewhere.png" -> redirect(exchange, "https://evil.example/photo.png");
            default -> {
                Matcher sized = RANDOM.matcher(name);
                if (sized.matches()) {
                    exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                    long size = Long.parseLong(sized.group(2));
                    exchange.sendResponseHeaders(200, size);
                    try (var out = exchange.getResponseBody(); var in = random(Long.parseLong(sized.group(1)), size)) {
                        in.transferTo(out);
                    }
                } else if (name.matches("noise-\\d+\\.png")) {
                    send(exchange, 200, "image/png", png(noise(100, 100, name.hashCode())));
                } else {
                    send(exchange, 404, "text/plain", "no such fixture".getBytes());
                }
            }
        }
    }

    /** The bytes of {@code random-<seed>-<size>.bin}, made as they are read: as large as asked, held nowhere. */
    public static InputStream random(long seed, long size) {
        var random = new Random(seed);
        return new InputStream() {
            private final byte[] block = new byte[64 * 1024];
            private int at = block.length;
            private long left = size;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] into, int offset, int length) {
                if (left == 0) {
                    return -1;
                }
                if (at == block.length) {
                    random.nextBytes(block);
                    at = 0;
                }
                int n = (int) Math.min(Math.min(length, block.length - at), left);
                System.arraycopy(block, at, into, offset, n);
                at += n;
                left -= n;
                return n;
            }
        };
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] png(BufferedImage image) throws IOException {
        var bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }

    /** The smallest MP4 a sniffer knows by its {@code ftyp} box, and some media data. */
    private static byte[] mp4() {
        var bytes = new ByteArrayOutputStream();
        bytes.writeBytes(new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'm', 'p', '4', '2', 0, 0, 0, 0,
            'm', 'p', '4', '2', 'i', 's', 'o', 'm'});
        bytes.writeBytes(new byte[] {0, 0, 0, 0x10, 'm', 'd', 'a', 't', 1, 2, 3, 4, 5, 6, 7, 8});
        return bytes.toByteArray();
    }

    private static BufferedImage noise(int width, int height, long seed) {
        var random = new Random(seed);
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    private static BufferedImage badge(int width, int height, Color colour, String letter) {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(colour);
        g.fillOval(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, height / 2));
        g.drawString(letter, width / 3, height * 2 / 3);
        g.dispose();
        return image;
    }

    private static BufferedImage picture(int width, int height) {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(0x5865F2), width, height, new Color(0xEB459E)));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
