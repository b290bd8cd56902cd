package dev.milk.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.ClassUtils;

import dev.milk.testing.TestDatabase;
import dev.milk.testing.TestKafka;
import dev.milk.testing.TestPostgres;

/**
 * A bot's own Spring Boot application with Flyway and its own migrations, plus Milk's client: the
 * client must add a client and nothing else. Before the protocol and client had modules of their
 * own, this application would have applied Milk's migrations to the bot's database and had its
 * connection pool settings changed by Milk's environment post-processor.
 */
class BotApplicationTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Bot {

        @Bean(destroyMethod = "close")
        MilkRaidClient milkRaids() {
            TestKafka.broker().addTopics("bot-application-raids");
            return new MilkRaidClient(
                    MilkClientSettings.raids(TestKafka.bootstrapServers()).withTopic("bot-application-raids"));
        }
    }

    @Test
    void theClientBringsNothingOfMilksServerIntoABotsApplication() throws IOException {
        TestDatabase database = TestPostgres.anotherDatabase();
        try (ConfigurableApplicationContext bot = new SpringApplicationBuilder(Bot.class)
                .web(WebApplicationType.NONE)
                .properties(Map.of(
                        "spring.datasource.url", database.url(),
                        "spring.datasource.username", database.username(),
                        "spring.datasource.password", database.password() == null ? "" : database.password(),
                        "spring.main.banner-mode", "off"))
                .run()) {
            var jdbc = JdbcClient.create(bot.getBean(DataSource.class));

            assertThat(jdbc.sql("SELECT script FROM flyway_schema_history WHERE success ORDER BY installed_rank")
                    .query(String.class).list())
                    .as("the bot's Flyway applied the bot's migrations only")
                    .containsExactly("V1__bot_warnings.sql");
            assertThat(jdbc.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
                    .query(String.class).list())
                    .containsExactlyInAnyOrder("bot_warning", "flyway_schema_history");

            List<String> milkBeans = Arrays.stream(bot.getBeanDefinitionNames())
                    .map(name -> bot.getType(name))
                    .filter(type -> type != null && type.getName().startsWith("dev.milk."))
                    .map(ClassUtils::getUserClass)
                    .map(Class::getName).sorted().toList();
            assertThat(milkBeans).as("beans of Milk's in the bot's context")
                    .containsExactly(Bot.class.getName(), MilkRaidClient.class.getName());

            assertThat(bot.getEnvironment().getPropertySources().stream().map(s -> s.getName()))
                    .as("property sources: Milk's settings must not reach a bot")
                    .noneMatch(name -> name.toLowerCase().contains("milk"));
            assertThat(bot.getEnvironment().getProperty("spring.datasource.hikari.connection-timeout")).isNull();
        }

        ClassLoader classpath = getClass().getClassLoader();
        assertThat(milkResources(classpath, "META-INF/spring.factories")).isEmpty();
        assertThat(milkResources(classpath,
                "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")).isEmpty();
        assertThat(milkResources(classpath, "dev/milk/schema")).isEmpty();
        assertThat(Collections.list(classpath.getResources("db/migration")))
                .as("migrations on the classpath: the bot's own test resources only")
                .allMatch(url -> url.getPath().contains("/milk-client/target/test-classes/"));
    }

    /** Resources of that name in Milk's own jars or class folders (the bot's test classes aside). */
    private static List<URL> milkResources(ClassLoader classpath, String name) throws IOException {
        return Collections.list(classpath.getResources(name)).stream()
                .filter(url -> url.getPath().contains("milk-") && !url.getPath().contains("/test-classes/"))
                .toList();
    }
}
