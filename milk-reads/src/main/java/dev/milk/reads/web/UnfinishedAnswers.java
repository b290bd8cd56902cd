package dev.milk.reads.web;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.core.Ordered;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * An answer that fails after its first bytes went out (a stream past MILK_READS_STREAM_TIMEOUT, a
 * database lost halfway through a transcript) can take back neither its {@code 200} nor the bytes
 * sent, and an error line written after them would read as the end of a whole body. Instead its
 * connection is closed without HTTP's end of message (no last chunk), so every client and tool
 * sees a broken transfer, never a short body that ends cleanly. Ahead of every other resolver: no
 * handler writes into such an answer.
 */
public final class UnfinishedAnswers implements HandlerExceptionResolver, Ordered {

    private static final Logger log = LoggerFactory.getLogger(UnfinishedAnswers.class);
    private static final String CLOSE = UnfinishedAnswers.class.getName() + ".close";

    private final ReadErrors errors;

    public UnfinishedAnswers(ReadErrors errors) {
        this.errors = errors;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception failure) {
        if (!response.isCommitted()) {
            return null;
        }
        request.setAttribute(CLOSE, Boolean.TRUE);
        if (failure instanceof IOException || failure.getCause() instanceof IOException
                || failure instanceof AsyncRequestNotUsableException) {
            log.debug("the client of {} went away: {}", request.getRequestURI(), failure.toString());
        } else if (failure instanceof TryLaterException timeout) {
            errors.count(timeout.kind());
            log.warn("closed {} unfinished: {}", request.getRequestURI(), timeout.getMessage());
        } else if (failure instanceof AsyncRequestTimeoutException) {
            errors.count(ReadErrors.Kind.STREAM_TIMEOUT);
            log.warn("closed {} unfinished: it stopped writing and outlasted MILK_READS_STREAM_TIMEOUT by a minute",
                    request.getRequestURI());
        } else {
            errors.count(ReadErrors.Kind.STREAM_FAILED);
            log.warn("closed {} unfinished: it failed after its first bytes", request.getRequestURI(), failure);
        }
        return new ModelAndView();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** Closes the connections of the answers marked above, once the application is done with them. */
    public static TomcatContextCustomizer closingValve() {
        return context -> context.getPipeline().addValve(new CloseUnfinished());
    }

    private static final class CloseUnfinished extends ValveBase {

        CloseUnfinished() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            getNext().invoke(request, response);
            if (request.getAttribute(CLOSE) != null) {
                response.getCoyoteResponse().action(ActionCode.CLOSE_NOW, null);
            }
        }
    }
}
