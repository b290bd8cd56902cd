package dev.milk;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.springframework.context.ApplicationContext;

/** Where a Milk started in this JVM answers a path: health and metrics on its management port, the rest on its public one. */
public final class LocalPorts {

    private static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private LocalPorts() {
    }

    public static int of(ApplicationContext milk, String path) {
        String port = isManagement(path) ? "local.management.port" : "local.server.port";
        return milk.getEnvironment().getRequiredProperty(port, Integer.class);
    }

    /** Whether Milk answers {@code path} on its management port (MILK_MANAGEMENT_PORT) rather than its public one. */
    public static boolean isManagement(String path) {
        return path.startsWith("/actuator");
    }

    /** A GET of the Milk on {@code port}, redirects not followed, {@code headers} as name, value, ... */
    public static HttpResponse<String> get(int port, String path, String... headers) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(http, request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code request} sent by {@code client}: a Milk that cannot be reached fails the test. */
    public static <T> HttpResponse<T> send(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return client.send(request, body);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
