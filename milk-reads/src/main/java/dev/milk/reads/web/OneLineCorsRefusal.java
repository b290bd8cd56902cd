package dev.milk.reads.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/**
 * A cross-origin request Milk refuses (a preflight for a method other than GET or HEAD) gets the
 * one line of every refusal, not Spring's bare {@code Invalid CORS request}.
 */
public final class OneLineCorsRefusal extends DefaultCorsProcessor {

    @Override
    protected void rejectRequest(ServerHttpResponse response) throws IOException {
        response.setStatusCode(HttpStatus.FORBIDDEN);
        response.getHeaders().setContentType(MediaType.parseMediaType("text/plain;charset=UTF-8"));
        response.getBody().write(Refusal.line(403, "other sites' scripts may only read the JSON API, with GET or HEAD")
                .getBytes(StandardCharsets.UTF_8));
        response.flush();
    }

    /** Every handler mapping (the controllers', the static files') refuses this way. */
    public static BeanPostProcessor installer() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof AbstractHandlerMapping mapping) {
                    mapping.setCorsProcessor(new OneLineCorsRefusal());
                }
                return bean;
            }
        };
    }
}
