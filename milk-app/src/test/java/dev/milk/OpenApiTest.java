package dev.milk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.core.MethodParameter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.milk.archive.ArchiveEvent;
import dev.milk.reads.access.DiscordLogin;
import dev.milk.standalone.DemoShowcase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document describes the routes that exist, and only those, as they answer: each
 * route's query parameters are the ones its handler reads; each answer, for an id that exists and
 * one that does not, has a documented status and content type; and the JSON pages of a raid and of
 * the demo's showcase archive (every part of a message) hold exactly the fields their schemas name,
 * of the types they name.
 */
class OpenApiTest extends MilkEndToEndTest {

    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([^}]+)}");
    private static final Pattern COPY_LINK = Pattern.compile("\"(/media/[^\"/]+/[^\"]+)\"");

    private static final Set<String> LOGIN_ROUTES = Set.of(DiscordLogin.LOGIN_PATH, DiscordLogin.CALLBACK_PATH);

    private final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping routes;

    @Test
    void everyDocumentedRouteAnswersAsDocumented() throws Exception {
        HttpResponse<String> answer = get("/openapi.json");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode document = json.readTree(answer.body());
        assertThat(document.get("openapi").asString()).startsWith("3.1");
        HttpResponse<String> events = get(document.get("externalDocs").get("url").asString());
        assertThat(events.statusCode()).as("externalDocs: the events' description").isEqualTo(200);
        assertThat(events.body()).startsWith("asyncapi: 3");

        // Every route Milk's controllers map, read from Spring MVC itself: one left out of the document fails.
        Map<String, HandlerMethod> handlers = new TreeMap<>();
        routes.getHandlerMethods().forEach((info, method) -> {
            if (method.getBeanType().getPackageName().startsWith("dev.milk")
                    && !ErrorController.class.isAssignableFrom(method.getBeanType())) {
                info.getPatternValues().forEach(pattern -> handlers.put(pattern, method));
            }
        });
        JsonNode paths = document.get("paths");
        // Besides them, the login's routes, which Spring Security's filters answer (404 here: login is off).
        Set<String> routed = new TreeSet<>(handlers.keySet());
        routed.addAll(LOGIN_ROUTES);
        assertThat(new TreeSet<>(paths.propertyNames())).isEqualTo(routed);

        Map<String, String> existing = existingIds();
        for (String path : paths.propertyNames()) {
            JsonNode operation = paths.get(path).get("get");
            assertThat(parameters(document, operation, "path")).as(path + ": path parameters")
                    .isEqualTo(pathVariables(path));
            if (!LOGIN_ROUTES.contains(path)) {
                assertThat(parameters(document, operation, "query")).as(path + ": query parameters")
                        .isEqualTo(requestParams(handlers.get(path)));
            }
            answersAsDocumented(document, path, operation, path.replaceAll("\\{[^}]+}", "AAAAAAAAAAAA"));
            answersAsDocumented(document, path, operation, withExisting(path, existing));
        }

        assertMatches(document, "RaidPage", json.readTree(get("/raid/" + existing.get("raid") + ".json").body()));
        jdbc.update("UPDATE raid SET guild_name = 'A guild', reason = 'joins' WHERE public_id = ?", existing.get("raid"));
        JsonNode named = json.readTree(get("/raid/" + existing.get("raid") + ".json?maxAgeDays=36500").body());
        assertThat(named.get("raid").has("guildName")).isTrue();
        assertMatches(document, "RaidPage", named);
        JsonNode archivePage = json.readTree(get("/archive/" + existing.get("archive") + ".json").body());
        assertThat(archivePage.get("messages").get("data").size()).as("the showcase's messages").isPositive();
        assertMatches(document, "ArchivePage", archivePage);
        assertMatches(document, "ArchiveSearchPage",
                json.readTree(get("/archive/" + existing.get("archive") + ".json?q=Milk").body()));
        JsonNode dce = json.readTree(get("/archive/" + existing.get("archive") + ".dce.json").body());
        assertThat(dce.get("messageCount").asInt()).as("the showcase's messages, in DCE's format").isPositive();
        assertMatches(document, "DceExport", dce);
    }

    /** A raid of three accounts and the demo's showcase archive, published as a bot would, and a copy it shows. */
    private Map<String, String> existingIds() throws Exception {
        String raidId = newRaidId();
        String raid = publish(raidId, accounts(700_000_000_000_000_000L, 3, 1_763_899_000_000L, 1_000));
        await(client.concludeRaid(raidId, GUILD, Instant.parse("2025-11-23T12:30:00Z")));
        String archiveId = "openapi-" + UUID.randomUUID();
        Instant start = Instant.parse("2026-11-20T20:50:00Z");
        String archive = archives.create(new ArchiveEvent.Created(archiveId, GUILD, DemoShowcase.CHANNEL, "general",
                "showcase", DemoShowcase.SARAH, start.toEpochMilli(), null)).get();
        archives.addMessages(archiveId, DemoShowcase.messages(start), DemoShowcase.mentions()).get();
        archives.seal(archiveId, start.plusSeconds(3_600)).get();
        eventually(() -> get("/archive/" + archive + ".json").statusCode() == 200
                && COPY_LINK.matcher(get("/archive/" + archive + ".json").body()).find(), "the showcase and a copy");
        Matcher copy = COPY_LINK.matcher(get("/archive/" + archive + ".json").body());
        assertThat(copy.find()).isTrue();
        return Map.of("raid", raid, "archive", archive, "media", copy.group(1));
    }

    private static String withExisting(String path, Map<String, String> existing) {
        if (path.startsWith("/media/")) {
            return existing.get("media");
        }
        // A well-formed token no share has, the guild the test's raid and archive belong to, and a user of it.
        return path.replace("{id}", existing.get(path.startsWith("/archive/") ? "archive" : "raid"))
                .replace("{otherId}", existing.get("raid"))
                .replace("{token}", "A".repeat(43)).replace("{guildId}", GUILD)
                .replace("{userId}", DemoShowcase.SARAH);
    }

    /** The answer's status is documented for the route, and so is its content type, where the document names one. */
    private void answersAsDocumented(JsonNode document, String path, JsonNode operation, String asked) {
        HttpResponse<String> answer = get(asked);
        String status = Integer.toString(answer.statusCode());
        JsonNode response = operation.get("responses").get(status);
        assertThat(response).as(asked + " answered " + status + ", not documented for " + path).isNotNull();
        JsonNode content = resolve(document, response).get("content");
        if (content != null && !answer.body().isEmpty()) {
            String type = answer.headers().firstValue("Content-Type").orElse("").replaceFirst(";.*", "");
            assertThat(content.has(type) || content.has("*/*"))
                    .as(asked + " answered " + status + " as " + type + "; documented: " + content.propertyNames())
                    .isTrue();
        }
    }

    private static Set<String> pathVariables(String path) {
        Set<String> names = new TreeSet<>();
        PATH_VARIABLE.matcher(path).results().forEach(m -> names.add(m.group(1)));
        return names;
    }

    private static Set<String> requestParams(HandlerMethod handler) {
        Set<String> names = new TreeSet<>();
        for (MethodParameter parameter : handler.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param != null) {
                names.add(param.name().isEmpty() ? parameter.getParameterName() : param.name());
            }
        }
        return names;
    }

    private static Set<String> parameters(JsonNode document, JsonNode operation, String in) {
        Set<String> names = new TreeSet<>();
        JsonNode parameters = operation.get("parameters");
        if (parameters != null) {
            for (JsonNode parameter : parameters.values()) {
                JsonNode resolved = resolve(document, parameter);
                if (in.equals(resolved.get("in").asString())) {
                    names.add(resolved.get("name").asString());
                }
            }
        }
        return names;
    }

    private static void assertMatches(JsonNode document, String schema, JsonNode answer) {
        List<String> drift = new ArrayList<>();
        new SchemaCheck(document).check(document.get("components").get("schemas").get(schema), answer, schema, drift);
        assertThat(drift).as("where the answer and the document's " + schema + " differ").isEmpty();
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        JsonNode target = document;
        for (String step : ref.asString().substring(2).split("/")) {
            target = target.get(step);
        }
        return target;
    }

    /**
     * An answer against a schema of the document, both ways: each field the answer holds is declared
     * with its type (and value, for an enum), each field the schema declares is in the answer (each
     * it lists as {@code required}, for a schema with such a list: the others are there only at times).
     */
    private record SchemaCheck(JsonNode document) {

        void check(JsonNode schema, JsonNode value, String where, List<String> drift) {
            JsonNode resolved = resolve(document, schema);
            if (resolved.has("oneOf")) {
                oneOf(resolved.get("oneOf"), value, where, drift);
                return;
            }
            if (!typeAllows(resolved.get("type"), value)) {
                drift.add(where + ": " + value.getNodeType() + ", documented " + resolved.get("type"));
                return;
            }
            if (resolved.has("enum") && !resolved.get("enum").values().contains(value)) {
                drift.add(where + ": " + value + ", not among " + resolved.get("enum"));
            }
            if (value.isObject() && resolved.has("properties")) {
                JsonNode declared = resolved.get("properties");
                for (String field : value.propertyNames()) {
                    if (declared.has(field)) {
                        check(declared.get(field), value.get(field), where + "." + field, drift);
                    } else {
                        drift.add(where + "." + field + ": answered, not documented");
                    }
                }
                JsonNode required = resolved.get("required");
                for (String field : declared.propertyNames()) {
                    if (!value.has(field) && (required == null || required.values().stream()
                            .anyMatch(name -> name.asString().equals(field)))) {
                        drift.add(where + "." + field + ": documented, not answered");
                    }
                }
            }
            if (value.isArray() && resolved.has("items")) {
                for (int i = 0; i < value.size(); i++) {
                    check(resolved.get("items"), value.get(i), where + "[" + i + "]", drift);
                }
            }
        }

        private void oneOf(JsonNode choices, JsonNode value, String where, List<String> drift) {
            List<String> closest = null;
            for (JsonNode choice : choices.values()) {
                List<String> differences = new ArrayList<>();
                check(choice, value, where, differences);
                if (differences.isEmpty()) {
                    return;
                }
                if (closest == null || differences.size() < closest.size()) {
                    closest = differences;
                }
            }
            drift.addAll(closest);
        }

        private static boolean typeAllows(JsonNode type, JsonNode value) {
            if (type == null) {
                return true;
            }
            List<String> types = type.isArray() ? type.values().stream().map(JsonNode::asString).toList()
                    : List.of(type.asString());
            return types.stream().anyMatch(t -> switch (t) {
                case "null" -> value.isNull();
                case "boolean" -> value.isBoolean();
                case "integer" -> value.isIntegralNumber();
                case "number" -> value.isNumber();
                case "string" -> value.isString();
                case "array" -> value.isArray();
                case "object" -> value.isObject();
                default -> false;
            });
        }
    }
}
