package dev.milk.writes.media;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Which addresses a copy may come from: public ones, and those of the networks an operator
 * allowed ({@code MILK_MEDIA_ALLOWED_NETWORKS}). Loopback, private, link-local (cloud metadata),
 * shared, unique-local and multicast addresses are refused, so a link or a redirect cannot make a
 * writer fetch from inside its own network.
 */
final class AllowedAddresses {

    private record Network(byte[] address, int prefix) {

        boolean contains(InetAddress candidate) {
            byte[] bytes = candidate.getAddress();
            if (bytes.length != address.length) {
                return false;
            }
            int bits = bytes.length * 8;
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
            return new BigInteger(1, bytes).and(mask).equals(new BigInteger(1, address).and(mask));
        }
    }

    private final List<Network> allowed;

    AllowedAddresses(List<String> networks) {
        this.allowed = networks.stream().map(AllowedAddresses::network).toList();
    }

    private static Network network(String cidr) {
        String[] parts = cidr.split("/", 2);
        try {
            if (!parts[0].matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("MILK_MEDIA_ALLOWED_NETWORKS: '" + cidr + "' is not an address/prefix");
            }
            byte[] address = InetAddress.getByName(parts[0]).getAddress();
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : address.length * 8;
            if (prefix < 0 || prefix > address.length * 8) {
                throw new IllegalArgumentException("MILK_MEDIA_ALLOWED_NETWORKS: '" + cidr + "' has a bad prefix length");
            }
            return new Network(address, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("MILK_MEDIA_ALLOWED_NETWORKS: '" + cidr + "' is not an address/prefix", e);
        }
    }

    /** Why {@code address} is refused, or null when a copy may come from it. */
    String refusal(InetAddress address) {
        if (allowed.stream().anyMatch(n -> n.contains(address)) || isPublic(address)) {
            return null;
        }
        return "is not a public address (" + address.getHostAddress() + ")";
    }

    private static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xFF;
            int second = b[1] & 0xFF;
            return first != 0 && !(first == 100 && second >= 64 && second < 128)   // shared (carrier-grade NAT)
                    && !(first == 192 && second == 0 && (b[2] & 0xFF) == 0)        // IETF protocol assignments
                    && first < 224;                                                // multicast and reserved
        }
        if (a instanceof Inet6Address) {
            return (b[0] & 0xFE) != 0xFC;   // unique local fc00::/7
        }
        return false;
    }
}
