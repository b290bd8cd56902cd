package dev.milk;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The test JVM's name resolution: Discord's CDN hosts are the stand-in on 127.0.0.1, and
 * {@code private.discordapp.net} a CDN host inside a private network (10.0.0.1), which Milk must
 * refuse to fetch from. {@value #REBINDING} rebinds as an attacker's DNS does: the stand-in at its
 * first lookup, {@value #SECOND_ANSWER} at every later one (the build turns off the JVM's cache of
 * lookups, so each is asked). Every other name resolves as the system resolves it.
 */
public final class TestHosts extends InetAddressResolverProvider {

    public static final String REBINDING = "rebinding.discordapp.net";
    public static final String SECOND_ANSWER = "127.0.0.2";

    private static final Map<String, byte[]> HOSTS = Map.of(
            "cdn.discordapp.com", new byte[] {127, 0, 0, 1},
            "media.discordapp.net", new byte[] {127, 0, 0, 1},
            "private.discordapp.net", new byte[] {10, 0, 0, 1});
    private static final AtomicInteger REBINDING_LOOKUPS = new AtomicInteger();

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver system = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                String name = host.toLowerCase(Locale.ROOT);
                if (name.equals(REBINDING)) {
                    return Stream.of(InetAddress.getByAddress(host, REBINDING_LOOKUPS.getAndIncrement() == 0
                            ? new byte[] {127, 0, 0, 1} : new byte[] {127, 0, 0, 2}));
                }
                byte[] address = HOSTS.get(name);
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
