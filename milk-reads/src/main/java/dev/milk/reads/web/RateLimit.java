package dev.milk.reads.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A token bucket per client address: {@code perSecond} requests a second on average, up to
 * {@code burst} at once; beyond that, 429 with the seconds to wait in {@code Retry-After}. Health
 * and metrics are never limited. The client address is the connection's, or the one a trusted
 * proxy forwarded ({@link TrustedProxies}).
 */
public final class RateLimit extends OncePerRequestFilter {

    /** Memory stays bounded whatever the number of addresses; the least recently seen are forgotten first. */
    private static final int MAX_CLIENTS = 100_000;

    private final double perSecond;
    private final double burst;
    private final TrustedProxies proxies;
    private final ConcurrentMap<String, Bucket> buckets;
    private final Counter limited;

    /** @param allowed whether the request that last touched the bucket may pass */
    private record Bucket(double tokens, long atNanos, boolean allowed) {
    }

    public RateLimit(double perSecond, int burst, TrustedProxies proxies, MeterRegistry meters) {
        this.limited = Counter.builder("milk.reads.rate.limited").description("requests answered 429 by the rate limit")
                .register(meters);
        this.perSecond = perSecond;
        this.burst = burst;
        this.proxies = proxies;
        // A bucket idle long enough to refill is full again: forgetting it changes nothing.
        Duration refill = Duration.ofNanos((long) Math.ceil(burst / perSecond * 1e9));
        this.buckets = Caffeine.newBuilder().maximumSize(MAX_CLIENTS).expireAfterAccess(refill)
                .<String, Bucket>build().asMap();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/actuator/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long now = System.nanoTime();
        Bucket bucket = buckets.compute(proxies.client(request), (client, b) -> {
            double tokens = b == null ? burst : refill(b, now);
            return tokens >= 1 ? new Bucket(tokens - 1, now, true) : new Bucket(tokens, now, false);
        });
        if (!bucket.allowed()) {
            limited.increment();
            long waitSeconds = Math.max(1, (long) Math.ceil((1 - bucket.tokens()) / perSecond));
            response.setStatus(429);
            response.setHeader("Retry-After", Long.toString(waitSeconds));
            response.setContentType("text/plain;charset=UTF-8");
            response.getOutputStream().write(("429 Too Many Requests: slow down, try again in " + waitSeconds
                    + " s\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(request, response);
    }

    private double refill(Bucket bucket, long now) {
        return Math.min(burst, bucket.tokens() + (now - bucket.atNanos()) / 1e9 * perSecond);
    }
}
