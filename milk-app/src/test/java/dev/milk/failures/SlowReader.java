package dev.milk.failures;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client that reads its answer at a set rate through a small receive window, as a
 * visitor on a slow line does, and tells a message that ended as HTTP says it ends (the last chunk,
 * or Content-Length bytes) from a connection that broke off before.
 */
final class SlowReader {

    /**
     * @param finished whether the body ended as HTTP marks an end; false: the connection broke off
     * @param failure  how it broke off, when it did
     */
    record Received(int status, Map<String, String> headers, byte[] body, boolean finished, String failure) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private SlowReader() {
    }

    /** Reads at most {@code bytesPerSecond} for {@code slowFor}, then as fast as the answer comes. */
    static Received get(int port, String path, long bytesPerSecond, Duration slowFor) throws IOException {
        try (Socket socket = new Socket()) {
            // Set before connecting: the window the server may fill ahead of the reader stays small.
            socket.setReceiveBufferSize(16 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            var in = new BufferedInputStream(new Throttled(socket.getInputStream(), bytesPerSecond, slowFor), 4_096);
            String statusLine = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            var body = new ByteArrayOutputStream();
            try {
                if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                    for (int size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
                        copy(in, body, size);
                        if (!line(in).isEmpty()) {
                            throw new IOException("a chunk is not followed by CRLF");
                        }
                    }
                    line(in);   // the end of the (empty) trailer
                } else if (headers.containsKey("content-length")) {
                    copy(in, body, Long.parseLong(headers.get("content-length")));
                } else {
                    in.transferTo(body);    // the end of the body is the end of the connection: nothing tells a cut
                    return new Received(status, headers, body.toByteArray(), false, "no length and no chunks");
                }
                return new Received(status, headers, body.toByteArray(), true, null);
            } catch (IOException e) {
                return new Received(status, headers, body.toByteArray(), false, e.toString());
            }
        }
    }

    private static int chunkSize(String line) {
        return Integer.parseInt(line.split(";")[0].strip(), 16);
    }

    private static void copy(InputStream in, ByteArrayOutputStream out, long count) throws IOException {
        byte[] buffer = new byte[8_192];
        for (long left = count; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("the connection ended " + left + " bytes before the end of a chunk");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static String line(InputStream in) throws IOException {
        var line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the connection ended inside the HTTP framing");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** At most {@code bytesPerSecond} on average since the first read, until {@code slowFor} has passed. */
    private static final class Throttled extends InputStream {

        private final InputStream in;
        private final long bytesPerSecond;
        private final long start = System.nanoTime();
        private final long slowUntil;
        private long read;

        Throttled(InputStream in, long bytesPerSecond, Duration slowFor) {
            this.in = in;
            this.bytesPerSecond = bytesPerSecond;
            this.slowUntil = start + slowFor.toNanos();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            long now = System.nanoTime();
            long due = start + read * 1_000_000_000L / bytesPerSecond - now;
            if (due > 0 && now < slowUntil) {
                try {
                    Thread.sleep(due / 1_000_000, (int) (due % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            int n = in.read(buffer, offset, Math.min(length, 4_096));
            if (n > 0) {
                read += n;
            }
            return n;
        }
    }
}
