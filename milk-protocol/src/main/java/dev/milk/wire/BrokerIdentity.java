package dev.milk.wire;

/**
 * Who Milk is on the wire.
 *
 * @param clusterId generation 1: the cluster id Milk answers as and is addressed by ({@code -5}
 *                  in the original Milk)
 * @param service   generation 2: the service name Milk answers as and is addressed by
 * @param instance  generation 2: this replica, sent as {@code source-instance}
 */
public record BrokerIdentity(String clusterId, String service, String instance) {

    public BrokerIdentity {
        if (clusterId == null || clusterId.isBlank() || clusterId.contains(",")) {
            throw new IllegalArgumentException("the cluster id must be a non-empty text without ','");
        }
        if (service == null || service.isBlank() || service.contains(",")) {
            throw new IllegalArgumentException("the service name must be a non-empty text without ','");
        }
        if (instance == null || instance.isBlank()) {
            throw new IllegalArgumentException("the instance id must not be empty");
        }
    }
}
