package dev.milk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The OpenAPI document describes the routes that exist, and only those. */
class OpenApiTest extends MilkEndToEndTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping routes;

    @Test
    void everyDocumentedRouteAnswersAsDocumented() {
        HttpResponse<String> answer = get("/openapi.json");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode document = JsonMapper.builder().build().readTree(answer.body());
        assertThat(document.get("openapi").asString()).startsWith("3.1");

        List<String> paths = new ArrayList<>(document.get("paths").propertyNames());
        // Every route Milk's controllers map, read from Spring MVC itself: one left out of the document fails.
        Set<String> mapped = new TreeSet<>();
        routes.getHandlerMethods().forEach((info, method) -> {
            if (method.getBeanType().getPackageName().startsWith("dev.milk")
                    && !ErrorController.class.isAssignableFrom(method.getBeanType())) {
                mapped.addAll(info.getPatternValues());
            }
        });
        assertThat(new TreeSet<>(paths)).isEqualTo(mapped);
        for (String path : paths) {
            int status = get(path.replaceAll("\\{[^}]+}", "AAAAAAAAAAAA")).statusCode();
            JsonNode responses = document.get("paths").get(path).get("get").get("responses");
            assertThat(responses.has(Integer.toString(status))).as(path + " answered " + status).isTrue();
        }
    }
}
