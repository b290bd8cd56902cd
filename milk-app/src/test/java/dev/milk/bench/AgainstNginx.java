package dev.milk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.milk.processes.MilkProcess;

/** Kept pages under wrk: Milk against the tuned nginx serving the very same bytes, one route after the other. */
final class AgainstNginx {

    /** One route: what Milk served and both servers' figures under the same load. */
    record Compared(String route, String path, String milkUrl, int bytes, Wrk.Result milk, Wrk.Result nginx) {

        double ratio() {
            return milk.requestsPerSecond() / nginx.requestsPerSecond();
        }
    }

    private AgainstNginx() {
    }

    /**
     * The page as Milk serves it now. Once (issue 28's last run) a kept CSV came back with its
     * headers and none of its bytes, right after another route's load: asked again, and said so, so
     * the benchmark goes on and the output shows it (not explained yet; see BENCHMARKS.md).
     */
    private static byte[] milkBytes(BenchHttp http, MilkProcess reads, String path) throws Exception {
        try {
            return http.getBytes(reads, path, Map.of()).body();
        } catch (java.io.IOException e) {
            System.out.println("AgainstNginx: " + path + " failed once (" + e.getMessage() + "), asked again");
            return http.getBytes(reads, path, Map.of()).body();
        }
    }

    /** @param routes a route's name in the report, then its path on Milk */
    static List<Compared> run(BenchHttp http, MilkProcess reads, Path dir, Map<String, String> routes, Duration load)
            throws Exception {
        Path root = Files.createDirectories(dir.resolve("nginx-root"));
        List<String> files = new ArrayList<>();
        for (String path : routes.values()) {
            var response = http.getBytes(reads, path, Map.of());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            String file = "f" + files.size();
            Files.write(root.resolve(file), response.body());
            files.add(file);
        }
        List<Compared> compared = new ArrayList<>();
        try (var nginx = new Nginx(dir, root)) {
            int i = 0;
            for (var route : routes.entrySet()) {
                String milkUrl = "http://127.0.0.1:" + reads.port + route.getValue();
                String nginxUrl = "http://127.0.0.1:" + nginx.port + "/" + files.get(i++);
                byte[] served = http.bytes(nginxUrl);
                assertThat(served).isEqualTo(milkBytes(http, reads, route.getValue()));
                var milk = Wrk.run(milkUrl, 32, load, List.of(), null);
                var baseline = Wrk.run(nginxUrl, 32, load, List.of(), null);
                assertThat(milk.non2xx()).as(route.getValue() + " answered non-2xx under load").isZero();
                assertThat(milk.errors()).as(route.getValue() + " broke or timed out connections under load").isZero();
                compared.add(new Compared(route.getKey(), route.getValue(), milkUrl, served.length, milk, baseline));
            }
        }
        return compared;
    }
}
