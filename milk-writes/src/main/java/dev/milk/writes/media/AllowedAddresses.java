package dev.milk.writes.media;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.apache.hc.client5.http.DnsResolver;

/**
 * Which addresses a copy may come from: public ones, and those of the networks an operator
 * allowed ({@code MILK_MEDIA_ALLOWED_NETWORKS}). Loopback, private, link-local (cloud metadata),
 * shared, unique-local and multicast addresses are refused, so a link or a redirect cannot make a
 * writer fetch from inside its own network. As the copier's resolver it looks a name up once and
 * answers only with addresses it checked, which are the very ones the connection is made to: no
 * second lookup, whose answer a rebinding DNS could change, ever happens.
 */
final class AllowedAddresses implements DnsResolver {

    /** A name that resolves to an address a copy may not come from; the message says which. */
    static final class Refused extends UnknownHostException {

        Refused(String reason) {
            super(reason);
        }
    }

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

    /** The addresses of {@code host}, every one allowed; {@link Refused} when any is not. */
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        for (InetAddress address : addresses) {
            if (allowed.stream().noneMatch(n -> n.contains(address)) && !isPublic(address)) {
                throw new Refused("is not a public address (" + address.getHostAddress() + ")");
            }
        }
        return addresses;
    }

    /** Never asked for by a copier without authentication; answered without a lookup of its own. */
    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
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
