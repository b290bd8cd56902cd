package dev.milk.operations;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * A port another process holds: Spring's own report says so, this one also names the setting
 * that moves Milk to another port (ahead of Spring's, which knows only {@code server.port}).
 */
public final class BusyPortFailureAnalyzer extends AbstractFailureAnalyzer<PortInUseException> implements Ordered {

    private final Environment environment;

    public BusyPortFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PortInUseException cause) {
        int port = cause.getPort();
        // Management on the public port (the two set equal) is the public port's failure.
        boolean management = !Integer.valueOf(port).equals(number("server.port"))
                && Integer.valueOf(port).equals(number("management.server.port"));
        String setting = management ? "MILK_MANAGEMENT_PORT" : "MILK_HTTP_PORT";
        return new FailureAnalysis("Port " + port + " (" + setting + ") is taken by another process.",
                "Stop that process (is Milk already running?), or set " + setting + " to a free port.", cause);
    }

    private Integer number(String property) {
        try {
            return environment.getProperty(property, Integer.class);
        } catch (RuntimeException notANumber) {
            return null;
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
