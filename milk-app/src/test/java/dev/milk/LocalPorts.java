package dev.milk;

import org.springframework.context.ApplicationContext;

/** Where a Milk started in this JVM answers a path: health and metrics on its management port, the rest on its public one. */
public final class LocalPorts {

    private LocalPorts() {
    }

    public static int of(ApplicationContext milk, String path) {
        String port = isManagement(path) ? "local.management.port" : "local.server.port";
        return milk.getEnvironment().getRequiredProperty(port, Integer.class);
    }

    /** Whether Milk answers {@code path} on its management port (MILK_MANAGEMENT_PORT) rather than its public one. */
    public static boolean isManagement(String path) {
        return path.startsWith("/actuator");
    }
}
