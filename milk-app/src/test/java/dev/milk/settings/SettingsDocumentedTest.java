package dev.milk.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Every setting Milk or its deployment reads is in README's tables and in {@code .env.example},
 * and the two agree: a setting added to the code without its documentation fails here.
 */
class SettingsDocumentedTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Computed by deploy.sh for the stack file, never set by anyone. */
    private static final Set<String> COMPUTED = Set.of("MILK_OPS_VERSION", "MILK_EDGE_VERSION");

    @Test
    void everySettingTheCodeReadsIsInReadmeAndEnvExample() throws Exception {
        Set<String> read = new TreeSet<>();
        read.addAll(configurationProperties());
        read.addAll(propertiesReadByName());
        read.addAll(deploymentSettings());

        assertThat(read).as("settings read by the code (sanity)").contains("MILK_ROLE", "MILK_MEDIA_S3_BUCKET",
                "MILK_READS_RATE_LIMIT_PER_SECOND", "MILK_EMBEDDED", "MILK_PUBLIC_PORT", "EDGE_IMAGE");
        assertThat(envExample()).as("settings in .env.example").containsAll(read);
        assertThat(readmeTables()).as("settings in README's tables").containsAll(read);
    }

    @Test
    void readmeAndEnvExampleListTheSameSettings() {
        assertThat(readmeTables()).containsExactlyInAnyOrderElementsOf(envExample());
    }

    /** Every component of every {@code @ConfigurationProperties} record, as the environment variable that sets it. */
    private static Set<String> configurationProperties() throws ClassNotFoundException {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        Set<String> variables = new TreeSet<>();
        for (var candidate : scanner.findCandidateComponents("dev.milk")) {
            Class<?> type = ClassUtils.forName(candidate.getBeanClassName(), null);
            String prefix = type.getAnnotation(ConfigurationProperties.class).value();
            components(prefix, type, variables);
        }
        return variables;
    }

    private static void components(String prefix, Class<?> type, Set<String> variables) {
        for (RecordComponent component : type.getRecordComponents()) {
            String name = prefix + "." + component.getName().replaceAll("([A-Z])", "-$1").toLowerCase();
            Class<?> value = component.getType();
            if (value.isRecord()) {
                components(name, value, variables);
            } else if (component.getGenericType() instanceof ParameterizedType list
                    && list.getActualTypeArguments()[0] instanceof Class<?> element && element.isRecord()) {
                throw new AssertionError(name + ": a list of records is not a setting this test can name");
            } else {
                variables.add(variable(name));
            }
        }
    }

    /** Properties the code reads by name, through the environment or a placeholder. */
    private static Set<String> propertiesReadByName() {
        Pattern byName = Pattern.compile("(?:getProperty\\(|has\\(environment, |PROPERTY = |\\$\\{)\"?(milk\\.[a-z0-9.-]*[a-z0-9])");
        Set<String> variables = new TreeSet<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(f -> f.toString().contains("/src/main/") && !f.toString().contains("milk-test-support")
                    && (f.toString().endsWith(".java") || f.toString().endsWith(".yml")))
                    .forEach(f -> matches(byName, read(f)).forEach(p -> variables.add(variable(p))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return variables;
    }

    /** What deploy.sh and the stack files read from the environment (or .env). */
    private static Set<String> deploymentSettings() {
        Set<String> variables = new TreeSet<>();
        for (String stackFile : new String[] {"docker-compose.example.yml", "ops/monitoring.yml"}) {
            variables.addAll(matches(Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)"), read(ROOT.resolve(stackFile))));
        }
        variables.addAll(matches(Pattern.compile("\\b(MILK_[A-Z0-9_]*[A-Z0-9]|[A-Z]+_IMAGE)\\b"),
                read(ROOT.resolve("deploy.sh"))));
        variables.removeAll(COMPUTED);
        return variables;
    }

    /** {@code NAME=} lines, set or commented out. */
    private static Set<String> envExample() {
        return matches(Pattern.compile("(?m)^(?:# )?([A-Z][A-Z0-9_]*[A-Z0-9])="), read(ROOT.resolve(".env.example")))
                .stream().filter(name -> name.startsWith("MILK_") || name.endsWith("_IMAGE"))
                .collect(TreeSet::new, Set::add, Set::addAll);
    }

    /** The variables named in the first cell of README's settings tables' rows. */
    private static Set<String> readmeTables() {
        Set<String> variables = new TreeSet<>();
        Matcher rows = Pattern.compile("(?m)^\\| ([^|\\n]*`(?:MILK_|[A-Z]+_IMAGE)[^|\\n]*)\\|").matcher(read(ROOT.resolve("README.md")));
        while (rows.find()) {
            Matcher names = Pattern.compile("`([A-Z][A-Z0-9_]*[A-Z0-9])`").matcher(rows.group(1));
            while (names.find()) {
                if (names.group(1).startsWith("MILK_TEST_")) {
                    continue;
                }
                variables.add(names.group(1));
            }
        }
        return variables;
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String variable(String property) {
        return property.toUpperCase().replace('.', '_').replace('-', '_');
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
