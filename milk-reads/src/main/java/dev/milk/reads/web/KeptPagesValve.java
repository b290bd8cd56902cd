package dev.milk.reads.web;

import java.io.IOException;
import java.util.function.Supplier;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.connector.ClientAbortException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

import org.springframework.util.function.SingletonSupplier;

/**
 * Kept pages answered in the context's pipeline, before the servlet chain: a kept page is bytes
 * and headers, and the chain (its wrappers, the servlet's dispatch, every filter's bookkeeping)
 * cost a cached page a large share of its time. What the filters in front of the {@link PageCache}
 * do to such a request is done here too, in their order: the request's metrics (the observation
 * filter, when there is one), the rate limit (when on), the headers of every page; then the
 * cache's own answer (its 304s and gzip included). Only what {@link PageCache#early} finds is
 * answered here, so what the cache holds (public pages that never change) is all this may send,
 * and a takedown's drop reaches it as it reaches the filter; anything else goes on to the chain.
 */
public final class KeptPagesValve extends ValveBase {

    /**
     * What answers a kept page, and the filters in front of the cache that this stands in for.
     *
     * @param limit       the rate limit, or null when it is off
     * @param observation the filter that times every request and counts it by route, or null when there is none
     */
    public record Parts(PageCache pages, RateLimit limit, Filter observation) {
    }

    private final Supplier<Parts> parts;

    /** @param parts asked for at the first request (the filters are made with the web server, after this) */
    public KeptPagesValve(Supplier<Parts> parts) {
        super(true);
        this.parts = SingletonSupplier.of(parts);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        HttpServletRequest asked = request.getRequest();
        Parts answering = parts.get();
        // Only a request's first pass: a streamed page's async dispatch comes through the pipeline
        // again, and must reach the filter that finishes (and keeps) what its first pass began.
        PageCache.Answer answer = request.getDispatcherType() == DispatcherType.REQUEST
                ? answering.pages().early(asked) : null;
        if (answer == null) {
            getNext().invoke(request, response);
            return;
        }
        FilterChain send = (req, res) -> send(answering, answer, (HttpServletRequest) req, (HttpServletResponse) res);
        try {
            if (answering.observation() == null) {
                send.doFilter(asked, response.getResponse());
            } else {
                answering.observation().doFilter(asked, response.getResponse(), send);
            }
        } catch (ClientAbortException e) {
            // The reader left mid-page: nothing to answer and nothing to log, as behind the servlet chain.
        }
    }

    private static void send(Parts answering, PageCache.Answer answer, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        if (answering.limit() != null && !answering.limit().admits(request, response)) {
            return;
        }
        PublicPageHeaders.set(response);
        answering.pages().send(answer, request, response);
    }
}
