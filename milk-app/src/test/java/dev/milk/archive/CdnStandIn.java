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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import javax.imageio.ImageIO;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * Discord's CDN for a browser on a machine without the internet: an HTTPS server on 127.0.0.1
 * (self-signed, made by keytool) that answers every image path of the CDN's URL forms with a
 * drawn image of the right kind, and remembers what was asked. Chromium reaches it through
 * {@code --host-resolver-rules}, so pages keep their real https URLs.
 */
final class CdnStandIn implements AutoCloseable {

    static final List<String> HOSTS = List.of("cdn.discordapp.com", "media.discordapp.net");

    private final HttpsServer server;
    private final Map<String, Integer> requested = new ConcurrentHashMap<>();

    CdnStandIn(Path workDirectory) throws Exception {
        Path keystore = workDirectory.resolve("cdn.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "stand-in",
                "-alias", "cdn", "-keyalg", "EC", "-dname", "CN=cdn.discordapp.com", "-validity", "2")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, "stand-in".toCharArray());
        }
        var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "stand-in".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", this::answer);
        // A browser opens several connections at once; one dispatcher thread alone stalls their TLS handshakes.
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The Chromium switch that sends the CDN's hosts here. */
    String resolverRules() {
        return String.join(", ", HOSTS.stream().map(host -> "MAP " + host + " 127.0.0.1:" + port()).toList());
    }

    /** Paths asked for (with their query), and how often. */
    Map<String, Integer> requested() {
        return requested;
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requested.merge(exchange.getRequestURI().toString(), 1, Integer::sum);
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
