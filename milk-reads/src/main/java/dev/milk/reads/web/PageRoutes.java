package dev.milk.reads.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The routes that answer GET, each with the query parameters its controller reads
 * ({@code @RequestParam}): what {@link PageCache} keys a kept page by. Read from Spring MVC's own
 * mappings, so a route and its parameters are declared once, on the controller.
 */
public final class PageRoutes {

    /** @param parameters the names the controller reads, in a fixed order */
    record Route(PathPattern pattern, List<String> parameters) {
    }

    private final List<Route> routes;

    private PageRoutes(List<Route> routes) {
        // Spring MVC picks the most specific of the patterns that match ({id}.json over {id}): so does find.
        this.routes = routes.stream().sorted(Comparator.comparing(Route::pattern, PathPattern.SPECIFICITY_COMPARATOR))
                .toList();
    }

    /** @param routes each pattern with the parameters its route reads */
    static PageRoutes of(Map<String, List<String>> routes) {
        return new PageRoutes(routes.entrySet().stream()
                .map(route -> new Route(PathPatternParser.defaultInstance.parse(route.getKey()), route.getValue()))
                .toList());
    }

    public static PageRoutes of(RequestMappingHandlerMapping mappings) {
        Map<PathPattern, Set<String>> read = new LinkedHashMap<>();
        Set<PathPattern> unkeyable = new LinkedHashSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = mapping.getKey();
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            if (info.getPathPatternsCondition() == null || !methods.isEmpty() && !methods.contains(RequestMethod.GET)) {
                continue;
            }
            List<String> parameters = parameters(mapping.getValue());
            for (PathPattern pattern : info.getPathPatternsCondition().getPatterns()) {
                if (parameters == null) {
                    unkeyable.add(pattern);
                } else {
                    // Two handlers of one path (by produces, say): a page is keyed by what either reads.
                    read.computeIfAbsent(pattern, p -> new LinkedHashSet<>()).addAll(parameters);
                }
            }
        }
        List<Route> routes = new ArrayList<>();
        read.forEach((pattern, names) -> {
            if (!unkeyable.contains(pattern)) {
                routes.add(new Route(pattern, List.copyOf(names)));
            }
        });
        return new PageRoutes(routes);
    }

    /** The route Spring MVC would choose for {@code path}, or null when none may be kept. */
    Route find(PathContainer path) {
        for (Route route : routes) {
            if (route.pattern().matches(path)) {
                return route;
            }
        }
        return null;
    }

    /** The names of the {@code @RequestParam}s a handler reads; null when it reads them all (a map). */
    private static List<String> parameters(HandlerMethod handler) {
        List<String> names = new ArrayList<>();
        for (MethodParameter declared : handler.getMethodParameters()) {
            RequestParam param = declared.getParameterAnnotation(RequestParam.class);
            if (param == null) {
                continue;
            }
            if (Map.class.isAssignableFrom(declared.getParameterType())) {
                return null;
            }
            MethodParameter named = declared.clone();
            named.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
            names.add(param.name().isEmpty() ? named.getParameterName() : param.name());
        }
        return names;
    }
}
