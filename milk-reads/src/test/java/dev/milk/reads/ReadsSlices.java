package dev.milk.reads;

import org.springframework.boot.SpringBootConfiguration;

/**
 * Where the reads slices ({@code @JdbcTest}, {@code @WebMvcTest}) start: nothing scanned and
 * nothing of Milk's configured, so each slice builds only what it tests, on the auto-configuration
 * its annotation brings ({@link QuerySlice}, {@link RouteSlice}); {@code application.properties}
 * beside it names the writer's migrations.
 */
@SpringBootConfiguration
public class ReadsSlices {
}
