package dev.milk.archive;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An S3 store as it fails, in front of a real one (s3proxy): every request is forwarded, except
 * those a test says to {@link #hold} (read, never forwarded, never answered, as a store that
 * hangs), to {@link #answer} with a canned response, or all of them while {@link #down} (the
 * connection closed at once). Requests are told apart by their request line, such as
 * {@code PUT /milk-media/media/<key>?X-Amz-...}; bodies are forwarded by their
 * {@code Content-Length}, answers byte for byte.
 */
final class StallingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int upstreamPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger abandoned = new AtomicInteger();
    private volatile Predicate<String> hold = line -> false;
    private volatile Predicate<String> answer = line -> false;
    private volatile String canned = "";
    private volatile boolean down;

    StallingProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("stalling-proxy").start(this::accept);
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Holds the requests whose line matches from now on: never forwarded nor answered. */
    void hold(Predicate<String> requestLine) {
        hold = requestLine;
    }

    /** Answers the requests whose line matches with {@code response}, a whole HTTP response, then closes. */
    void answer(Predicate<String> requestLine, String response) {
        canned = response;
        answer = requestLine;
    }

    /** While down, every request's connection is closed at once, as a store out of reach. */
    void down(boolean down) {
        this.down = down;
    }

    /** Forwards everything again; requests held so far stay held until their clients give up. */
    void reset() {
        hold = line -> false;
        answer = line -> false;
        down = false;
    }

    /** Requests held right now, their clients still waiting. */
    int held() {
        return held.get();
    }

    /** Held requests whose clients gave up (closed the connection): timed out. */
    int abandoned() {
        return abandoned.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        Socket upstream = null;
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            while (true) {
                byte[] head = head(in);
                if (head == null) {
                    return;
                }
                String text = new String(head, StandardCharsets.ISO_8859_1);
                String line = text.substring(0, text.indexOf("\r\n"));
                long length = contentLength(text);
                if (down) {
                    return;
                }
                if (answer.test(line)) {
                    in.skipNBytes(length);
                    client.getOutputStream().write(canned.getBytes(StandardCharsets.ISO_8859_1));
                    client.getOutputStream().flush();
                    return;
                }
                if (hold.test(line)) {
                    heldUntilClosed(in);
                    return;
                }
                if (upstream == null) {
                    upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                    open.add(upstream);
                    Socket from = upstream;
                    Thread.ofVirtual().start(() -> pump(from, client));
                }
                OutputStream out = upstream.getOutputStream();
                out.write(head);
                copy(in, out, length);
                out.flush();
            }
        } catch (IOException gone) {
            // either side closed: the other goes with it
        } finally {
            if (upstream != null) {
                closeQuietly(upstream);
            }
        }
    }

    /** Reads what the client sends, discarding it, until it closes the connection or the proxy does. */
    private void heldUntilClosed(InputStream in) {
        held.incrementAndGet();
        boolean byClient = false;
        try {
            byClient = in.transferTo(OutputStream.nullOutputStream()) >= 0;
        } catch (IOException e) {
            byClient = !server.isClosed();
        } finally {
            held.decrementAndGet();
            if (byClient) {
                abandoned.incrementAndGet();
            }
        }
    }

    /** A request's head, through its blank line; null at the end of the connection. */
    private static byte[] head(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
            if (matched == 4) {
                return head.toByteArray();
            }
        }
        return null;
    }

    private static long contentLength(String head) throws IOException {
        for (String header : head.split("\r\n")) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("transfer-encoding:")) {
                throw new IOException("the stand-in forwards bodies by Content-Length only: " + header);
            }
            if (lower.startsWith("content-length:")) {
                return Long.parseLong(header.substring(header.indexOf(':') + 1).strip());
            }
        }
        return 0;
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        for (long left = length; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("the client ended its body early");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException gone) {
            // either side closed
        } finally {
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed already
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(StallingProxy::closeQuietly);
    }
}
