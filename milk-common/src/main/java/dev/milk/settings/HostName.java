package dev.milk.settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** This process among its role's replicas: the host name, a Swarm task's own. */
public final class HostName {

    private HostName() {
    }

    /** {@code HOSTNAME} where the environment sets it (a container's), else the resolver's; never empty. */
    public static String of() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "milk-" + UUID.randomUUID();
        }
    }
}
