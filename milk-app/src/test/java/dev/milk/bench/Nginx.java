package dev.milk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.milk.processes.ChildProcesses;

/** Debian's nginx, tuned, serving the files of one folder on a loopback port: the baseline for cached pages. */
final class Nginx implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/nginx");

    final int port = ChildProcesses.freePort();
    private final Process process;

    /** Files under {@code root} answer at the same path; every response type is {@code application/octet-stream}. */
    Nginx(Path dir, Path root) throws IOException {
        Files.createDirectories(dir.resolve("nginx-temp"));
        Path config = dir.resolve("nginx.conf");
        // Tuned as the best a static server does (issue 28): two workers (one per core), no access log,
        // sendfile, open files kept, and a kept-alive connection serving up to 100,000 requests (wrk's
        // connections are never closed by the baseline, as they are not by Milk).
        // Its workers run as whoever runs the tests (nginx started by root would make them www-data or
        // nobody, who cannot enter a clone in a private folder, and would answer 403 to everything).
        Files.writeString(config, """
                user %4$s;
                daemon off;
                worker_processes 2;
                error_log %1$s/nginx-error.log warn;
                pid %1$s/nginx.pid;
                events { worker_connections 1024; }
                http {
                    access_log off;
                    sendfile on;
                    tcp_nopush on;
                    keepalive_requests 100000;
                    open_file_cache max=1000 inactive=60s;
                    client_body_temp_path %1$s/nginx-temp;
                    proxy_temp_path %1$s/nginx-temp;
                    fastcgi_temp_path %1$s/nginx-temp;
                    uwsgi_temp_path %1$s/nginx-temp;
                    scgi_temp_path %1$s/nginx-temp;
                    default_type application/octet-stream;
                    server {
                        listen 127.0.0.1:%2$d;
                        root %3$s;
                    }
                }
                """.formatted(dir, port, root, System.getProperty("user.name")));
        process = ChildProcesses.start(java.util.List.of(BINARY.toString(), "-c", config.toString(), "-p", dir.toString()),
                dir.resolve("nginx.log"));
        ChildProcesses.awaitPort(port, Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(10));
    }
}
