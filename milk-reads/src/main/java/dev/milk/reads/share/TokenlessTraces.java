package dev.milk.reads.share;

import io.micrometer.common.KeyValue;

import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Spring's observation of each request, whose spans carry the address asked for ({@code http.url})
 * to the tracing backend (MILK_TRACING_ENABLED): a share link's address holds its token, which is
 * replaced by its route there, as it already is in metrics.
 */
public final class TokenlessTraces extends DefaultServerRequestObservationConvention {

    static final String SHARE_LINKS = "/s/";

    @Override
    protected KeyValue httpUrl(ServerRequestObservationContext context) {
        KeyValue url = super.httpUrl(context);
        return url.getValue().startsWith(SHARE_LINKS) ? KeyValue.of(url.getKey(), SHARE_LINKS + "{token}") : url;
    }
}
