package dev.milk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import dev.milk.processes.MilkProcess;

/** The benchmarks' HTTP/1.1 client for Milk's processes: answers, their times, and streams counted as they arrive. */
final class BenchHttp {

    /** A streamed answer read to its end and dropped: its size, time to its first byte and to its last. */
    record Streamed(int status, long bytes, double firstByteMillis, double seconds) {

        double megabytesPerSecond() {
            return bytes / 1e6 / seconds;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    HttpResponse<String> get(MilkProcess milk, String path, Map<String, String> headers) throws Exception {
        return get(milk, path, headers, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(MilkProcess milk, String path, Map<String, String> headers) throws Exception {
        return get(milk, path, headers, HttpResponse.BodyHandlers.ofByteArray());
    }

    byte[] bytes(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    private <T> HttpResponse<T> get(MilkProcess milk, String path, Map<String, String> headers,
            HttpResponse.BodyHandler<T> body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + milk.portFor(path) + path))
                .timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        return http.send(request.build(), body);
    }

    /** A download of any size, read in 64 KiB pieces and dropped, so the harness holds none of it. */
    Streamed stream(MilkProcess milk, String path) throws Exception {
        long start = System.nanoTime();
        var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + milk.port + path)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        long firstByte = 0;
        byte[] buffer = new byte[65_536];
        try (InputStream body = response.body()) {
            for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                if (bytes == 0 && read > 0) {
                    firstByte = System.nanoTime();
                }
                bytes += read;
            }
        }
        long end = System.nanoTime();
        return new Streamed(response.statusCode(), bytes, (firstByte - start) / 1e6, (end - start) / 1e9);
    }

    double timeMillis(MilkProcess milk, String path) throws Exception {
        long start = System.nanoTime();
        assertThat(get(milk, path, Map.of()).statusCode()).as(path).isEqualTo(200);
        return (System.nanoTime() - start) / 1e6;
    }

    double medianMillis(MilkProcess milk, String path, int times) throws Exception {
        double[] millis = new double[times];
        for (int i = 0; i < times; i++) {
            millis[i] = timeMillis(milk, path);
        }
        Arrays.sort(millis);
        return millis[times / 2];
    }
}
