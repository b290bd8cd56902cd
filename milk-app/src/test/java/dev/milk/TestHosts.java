package dev.milk;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The test JVM's name resolution: Discord's CDN hosts are the stand-in on 127.0.0.1, and
 * {@code private.discordapp.net} a CDN host inside a private network (10.0.0.1), which Milk must
 * refuse to fetch from. Every other name resolves as the system resolves it.
 */
public final class TestHosts extends InetAddressResolverProvider {

    private static final Map<String, byte[]> HOSTS = Map.of(
            "cdn.discordapp.com", new byte[] {127, 0, 0, 1},
            "media.discordapp.net", new byte[] {127, 0, 0, 1},
            "private.discordapp.net", new byte[] {10, 0, 0, 1});

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver system = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                byte[] address = HOSTS.get(host.toLowerCase(Locale.ROOT));
                return address != null ? Stream.of(InetAddress.getByAddress(host, address))
                        : system.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                return system.lookupByAddress(address);
            }
        };
    }

    @Override
    public String name() {
        return "milk-test-hosts";
    }
}
