package io.mossa.cka.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which receivers webhooks may reach: the host of a URL must be on the operator's allow-list of host names, and
 * every address the host resolves to must be public, unless it lies in one of the operator's allowed networks.
 * Loopback, link-local (cloud metadata services), private, shared (CGNAT), multicast, reserved and unspecified
 * addresses are not public; an IPv6 address that embeds an IPv4 one (NAT64, 6to4) is judged by the IPv4 address.
 *
 * <p>The check runs when a subscription is created (to refuse it early) and again at every delivery attempt, on
 * the very addresses the connection then uses ({@link #resolve}), so that a host re-pointed to a private address
 * after it was checked (DNS rebinding) is refused.
 */
public final class AddressPolicy {

    /** Thrown by {@link #resolve} for a host with an address that is not allowed. */
    public static final class AddressDeniedException extends UnknownHostException {

        AddressDeniedException(String message) {
            super(message);
        }
    }

    private static final List<Network> NOT_PUBLIC = Stream.of(
            // IPv4: "this network", private, shared (RFC 6598), loopback, link-local, IETF protocol assignments,
            // documentation, benchmarking, multicast, reserved and broadcast
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "224.0.0.0/4", "240.0.0.0/4",
            // IPv6: unspecified, loopback and IPv4-compatible, discard, unique local, link-local, site-local,
            // documentation, multicast
            "::/96", "100::/64", "fc00::/7", "fe80::/10", "fec0::/10", "2001:db8::/32", "ff00::/8")
            .map(Network::parse).toList();
    private static final Network NAT64 = Network.parse("64:ff9b::/96");
    private static final Network SIX_TO_FOUR = Network.parse("2002::/16");

    private final List<String> hosts;
    private final List<Network> allowedNetworks;

    public AddressPolicy(List<String> allowedHosts, List<String> allowedNetworks) {
        this.hosts = allowedHosts.stream().map(h -> normalize(h.strip())).filter(h -> !h.isEmpty()).toList();
        this.allowedNetworks = allowedNetworks.stream().filter(n -> !n.isBlank()).map(Network::parse).toList();
    }

    public static AddressPolicy of(WebhookProperties properties) {
        return new AddressPolicy(properties.allowedHosts(), properties.allowedNetworks());
    }

    /** Whether the host name (as in a URL; IPv6 literals with or without brackets) is on the allow-list. */
    public boolean hostAllowed(String host) {
        String name = normalize(host);
        for (String pattern : hosts) {
            if (pattern.equals("*") || pattern.equals(name)
                    || (pattern.startsWith("*.") && name.endsWith(pattern.substring(1)))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a connection may go to this address. */
    public boolean addressAllowed(InetAddress address) {
        return isPublic(address) || allowedNetworks.stream().anyMatch(n -> n.contains(address));
    }

    /**
     * The addresses of an allowed host, all of them allowed; the only addresses a delivery connects to.
     *
     * @throws AddressDeniedException when the host is not on the allow-list or any of its addresses is not allowed
     * @throws UnknownHostException   when the host does not resolve
     */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        if (!hostAllowed(host)) {
            throw new AddressDeniedException("host '" + host + "' is not on the allow-list of webhook hosts");
        }
        InetAddress[] addresses = InetAddress.getAllByName(normalize(host));
        Optional<InetAddress> denied = Arrays.stream(addresses).filter(a -> !addressAllowed(a)).findFirst();
        if (denied.isPresent()) {
            throw new AddressDeniedException("host '" + host + "' resolves to " + denied.get().getHostAddress()
                    + ", a loopback, link-local, private or reserved address that is not in the allowed networks");
        }
        return addresses;
    }

    static boolean isPublic(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] bytes = v6.getAddress();
            if (NAT64.contains(v6)) {
                return isPublic(ipv4(Arrays.copyOfRange(bytes, 12, 16)));
            }
            if (SIX_TO_FOUR.contains(v6)) {
                return isPublic(ipv4(Arrays.copyOfRange(bytes, 2, 6)));
            }
        }
        return NOT_PUBLIC.stream().noneMatch(n -> n.contains(address));
    }

    private static InetAddress ipv4(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }

    private static String normalize(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
