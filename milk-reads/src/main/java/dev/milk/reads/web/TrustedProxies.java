package dev.milk.reads.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import dev.milk.settings.SettingException;

/**
 * Who a request is from. {@code X-Forwarded-For} is believed only when the connection comes from
 * a configured proxy ({@code MILK_READS_TRUSTED_PROXIES}, addresses or CIDR ranges), and then only
 * as far back as it names trusted proxies: the client is the nearest address that is not one. By
 * default no proxy is trusted, so a visitor cannot choose its own address with a header.
 */
public final class TrustedProxies {

    private final List<Range> ranges;

    private record Range(byte[] network, int bits) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    public TrustedProxies(List<String> cidrs) {
        this.ranges = cidrs.stream().map(String::strip).filter(c -> !c.isEmpty()).map(TrustedProxies::range).toList();
    }

    /** The client's address: the connection's, or, behind trusted proxies, the one they forwarded. */
    public String client(HttpServletRequest request) {
        String remote = request.getRemoteAddr();
        if (ranges.isEmpty() || !trusted(remote)) {
            return remote;
        }
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null) {
            return remote;
        }
        List<String> hops = Arrays.stream(forwarded.split(",")).map(String::strip).toList();
        String client = remote;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (literal(hop) == null) {
                break;
            }
            client = hop;
            if (!trusted(hop)) {
                break;
            }
        }
        return client;
    }

    private boolean trusted(String address) {
        byte[] bytes = literal(address);
        return bytes != null && ranges.stream().anyMatch(r -> r.contains(bytes));
    }

    /** The address's bytes when it is an IP literal (never a name: nothing is looked up), else null. */
    private static byte[] literal(String address) {
        if (address == null || address.isEmpty() || address.length() > 45
                || !address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return null;
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static Range range(String cidr) {
        String[] parts = cidr.split("/", 2);
        byte[] network = literal(parts[0]);
        int max = network == null ? 0 : network.length * 8;
        try {
            int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : max;
            if (network != null && bits >= 0 && bits <= max) {
                return new Range(network, bits);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SettingException("MILK_READS_TRUSTED_PROXIES",
                "holds '" + cidr + "', which is not an IP address or CIDR range such as 10.0.0.0/8");
    }
}
