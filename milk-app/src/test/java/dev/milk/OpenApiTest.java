package dev.milk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The OpenAPI document describes the routes that exist, and only those. */
class OpenApiTest extends MilkEndToEndTest {

    @Test
    void everyDocumentedRouteAnswersAsDocumented() {
        HttpResponse<String> answer = get("/openapi.json");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode document = JsonMapper.builder().build().readTree(answer.body());
        assertThat(document.get("openapi").asString()).startsWith("3.1");

        List<String> paths = new ArrayList<>(document.get("paths").propertyNames());
        assertThat(paths).containsExactlyInAnyOrder("/raid/{id}", "/raid/{id}.json", "/raid/{id}.html",
                "/raid/{id}.csv", "/antispam/{id}", "/archive/{id}", "/archive/{id}.txt", "/archive/{id}.json");
        for (String path : paths) {
            int status = get(path.replace("{id}", "AAAAAAAAAAAA")).statusCode();
            JsonNode responses = document.get("paths").get(path).get("get").get("responses");
            assertThat(responses.has(Integer.toString(status))).as(path + " answered " + status).isTrue();
        }
    }
}
