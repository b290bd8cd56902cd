package dev.milk.reads.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.util.UriUtils;

/**
 * Where a page is kept: its route, its address decoded (one page, however its path is spelt)
 * and the values of the parameters the route reads, in the route's order (null: absent).
 * Requests carrying an {@code Origin} are kept apart from the others (CORS answers differ).
 */
record PageKey(String route, String path, List<String> parameters, boolean cors) {

    /**
     * The key of the page {@code request} asks for; null when no route may keep it (no route
     * answers it, or its path cannot be decoded: the application answers those itself).
     *
     * @throws org.apache.tomcat.util.http.InvalidParameterException when Tomcat cannot split the query string
     */
    static PageKey of(HttpServletRequest request, PageRoutes routes) {
        try {
            PathContainer path = RequestPath.parse(request.getRequestURI(), request.getContextPath())
                    .pathWithinApplication();
            PageRoutes.Route route = routes.find(path);
            if (route == null) {
                return null;
            }
            List<String> values = new ArrayList<>(route.parameters().size());
            for (String name : route.parameters()) {
                String[] given = request.getParameterValues(name);
                // As Spring binds several values to one String parameter: joined by commas.
                values.add(given == null ? null : String.join(",", given));
            }
            return new PageKey(route.pattern().getPatternString(), canonical(path), Collections.unmodifiableList(values),
                    request.getHeader(HttpHeaders.ORIGIN) != null);
        } catch (IllegalArgumentException e) {
            // A path that cannot be decoded: the application answers it, never kept.
            return null;
        }
    }

    /** One spelling of a path: each segment decoded, stripped of its path parameters, encoded again. */
    private static String canonical(PathContainer path) {
        StringBuilder canonical = new StringBuilder();
        for (PathContainer.Element element : path.elements()) {
            canonical.append(element instanceof PathContainer.PathSegment segment
                    ? UriUtils.encodePathSegment(segment.valueToMatch(), StandardCharsets.UTF_8) : element.value());
        }
        return canonical.toString();
    }

    /** The heap it holds: an entry weighs its key too (a long parameter value costs its key, not its body). */
    long weight() {
        long weight = 64 + KeptPage.text(route) + KeptPage.text(path);
        for (String value : parameters) {
            weight += 8 + KeptPage.text(value);
        }
        return weight;
    }
}
