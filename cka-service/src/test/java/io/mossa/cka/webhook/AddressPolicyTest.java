package io.mossa.cka.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.mossa.cka.webhook.AddressPolicy.AddressDeniedException;

class AddressPolicyTest {

    private final AddressPolicy defaults = new AddressPolicy(List.of("*"), List.of());

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "192.0.2.7",
            "::1", "::", "fe80::1", "fd00::1", "fc00::2", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
            // NAT64 and 6to4 addresses that embed private IPv4 addresses
            "64:ff9b::a00:1", "2002:7f00:1::1", "2002:c0a8:101::1"})
    void loopbackLinkLocalPrivateAndReservedAddressesAreDeniedByDefault(String address) throws Exception {
        assertThat(defaults.addressAllowed(InetAddress.getByName(address))).as(address).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "172.15.255.255", "100.128.0.1", "11.0.0.1",
            "2606:4700:4700::1111", "64:ff9b::808:808", "2002:808:808::1"})
    void publicAddressesAreAllowed(String address) throws Exception {
        assertThat(defaults.addressAllowed(InetAddress.getByName(address))).as(address).isTrue();
    }

    @Test
    void anAllowedNetworkOpensItsRangeOnly() throws Exception {
        AddressPolicy policy = new AddressPolicy(List.of("*"), List.of("127.0.0.0/8", "10.20.0.0/16", "fd12::/16"));
        assertThat(policy.addressAllowed(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(policy.addressAllowed(InetAddress.getByName("10.20.255.1"))).isTrue();
        assertThat(policy.addressAllowed(InetAddress.getByName("10.21.0.1"))).isFalse();
        assertThat(policy.addressAllowed(InetAddress.getByName("fd12:3::1"))).isTrue();
        assertThat(policy.addressAllowed(InetAddress.getByName("fd13::1"))).isFalse();
        assertThat(policy.addressAllowed(InetAddress.getByName("169.254.169.254"))).isFalse();
    }

    @Test
    void hostPatternsMatchExactNamesSubdomainsAndLiterals() {
        AddressPolicy policy = new AddressPolicy(List.of("hooks.example.org", "*.lab.example.org", "127.0.0.1", "[::1]"),
                List.of());
        assertThat(policy.hostAllowed("hooks.example.org")).isTrue();
        assertThat(policy.hostAllowed("HOOKS.Example.ORG.")).isTrue();
        assertThat(policy.hostAllowed("ci.lab.example.org")).isTrue();
        assertThat(policy.hostAllowed("a.b.lab.example.org")).isTrue();
        assertThat(policy.hostAllowed("127.0.0.1")).isTrue();
        assertThat(policy.hostAllowed("[::1]")).isTrue();
        assertThat(policy.hostAllowed("::1")).isTrue();
        // the apex of a wildcard, look-alikes and suffix tricks are not allowed
        assertThat(policy.hostAllowed("lab.example.org")).isFalse();
        assertThat(policy.hostAllowed("evillab.example.org")).isFalse();
        assertThat(policy.hostAllowed("hooks.example.org.evil.com")).isFalse();
        assertThat(policy.hostAllowed("example.org")).isFalse();
        assertThat(policy.hostAllowed("127.0.0.2")).isFalse();
    }

    @Test
    void resolveRefusesAHostOffTheListAndAHostWithADeniedAddress() throws Exception {
        AddressPolicy listed = new AddressPolicy(List.of("127.0.0.1", "localhost"), List.of());
        assertThatThrownBy(() -> listed.resolve("8.8.8.8")).isInstanceOf(AddressDeniedException.class)
                .hasMessageContaining("not on the allow-list");
        // on the list, but loopback without an allowed network
        assertThatThrownBy(() -> listed.resolve("127.0.0.1")).isInstanceOf(AddressDeniedException.class)
                .hasMessageContaining("127.0.0.1");
        assertThatThrownBy(() -> listed.resolve("localhost")).isInstanceOf(AddressDeniedException.class);

        AddressPolicy open = new AddressPolicy(List.of("127.0.0.1"), List.of("127.0.0.0/8"));
        assertThat(open.resolve("127.0.0.1")).containsExactly(InetAddress.getByName("127.0.0.1"));
        // a denied exception is an unknown host to the HTTP client, so that it never connects
        assertThat(new AddressDeniedException("x")).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void networksMustBeCidrRangesOfAddresses() {
        assertThat(Network.parse("10.0.0.0/8").contains(addr("10.255.255.255"))).isTrue();
        assertThat(Network.parse("10.0.0.0/8").contains(addr("11.0.0.0"))).isFalse();
        assertThat(Network.parse("172.16.0.0/12").contains(addr("172.31.0.1"))).isTrue();
        assertThat(Network.parse("172.16.0.0/12").contains(addr("172.32.0.1"))).isFalse();
        assertThat(Network.parse("192.168.7.9").contains(addr("192.168.7.9"))).isTrue();
        assertThat(Network.parse("192.168.7.9").contains(addr("192.168.7.8"))).isFalse();
        assertThat(Network.parse("0.0.0.0/0").contains(addr("8.8.8.8"))).isTrue();
        assertThat(Network.parse("0.0.0.0/0").contains(addr("::1"))).isFalse();
        for (String bad : List.of("10.0.0.0/33", "fd00::/129", "10.0.0.0/x", "example.org", "localhost/8", "")) {
            assertThatThrownBy(() -> Network.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static InetAddress addr(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
