package dev.milk.reads.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * What Tomcat answers on its own, before any of Milk's code runs (an address holding an encoded
 * {@code /}, {@code \} or NUL, characters HTTP does not allow, an address and headers over the
 * connector's limit): the same one line of text as every other refusal, in place of Tomcat's
 * HTML page. Nothing of the request is echoed.
 */
public final class OneLineErrorReport extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable cause) {
        int status = response.getStatus();
        // As Tomcat's own report: only an error nobody has answered yet, on a connection still open.
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        var open = new AtomicBoolean();
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, open);
        if (!open.get()) {
            return;
        }
        String line = status == 400 ? Refusal.line(400, malformed(cause)) : Refusal.line(status);
        try {
            response.setContentType("text/plain;charset=UTF-8");
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Content-Type-Options", "nosniff");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(line);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone: there is no one to tell.
        }
    }

    /** Tomcat's reason is not shown (it may quote the request); only which of its two kinds it is. */
    private static String malformed(Throwable cause) {
        return cause != null && cause.getMessage() != null && cause.getMessage().contains("too large")
                ? "the address and headers are larger than Milk reads"
                : "the address or a header is malformed (an encoded '/', '\\' or NUL, or a character HTTP does not allow)";
    }

    /**
     * Puts the report in place of the host's (Spring Boot's, which only hides Tomcat's version):
     * after Boot's customizer, which adds that one, and for the host's start, which would add
     * Tomcat's default when it finds no valve of its configured class.
     */
    public static final class Installer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                Host host = (Host) context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.getPipeline().addValve(new OneLineErrorReport());
                if (host instanceof StandardHost standard) {
                    standard.setErrorReportValveClass(OneLineErrorReport.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
