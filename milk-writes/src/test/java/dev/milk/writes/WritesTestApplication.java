package dev.milk.writes;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The writes role alone, as a {@code MILK_ROLE=writes} replica runs it. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class WritesTestApplication {
}
