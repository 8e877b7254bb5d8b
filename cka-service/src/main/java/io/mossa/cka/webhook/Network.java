package io.mossa.cka.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** A CIDR range, IPv4 or IPv6, such as {@code 10.0.0.0/8} or {@code fc00::/7}; a bare address is its own /32 or /128. */
public record Network(byte[] prefix, int bits) {

    public static Network parse(String cidr) {
        String text = cidr.strip();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (!address.matches("[0-9A-Fa-f:.]+") || !(address.contains(".") || address.contains(":"))) {
            // a name would be resolved here, which a network must never need
            throw new IllegalArgumentException("'" + cidr + "' is not a CIDR range (e.g. 10.0.0.0/8, fd00::/8)");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + cidr + "' is not a CIDR range (e.g. 10.0.0.0/8, fd00::/8)");
        }
        int bits = bytes.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > bytes.length * 8) {
                throw new IllegalArgumentException("'" + cidr + "': the prefix length must be 0.." + bytes.length * 8);
            }
        }
        return new Network(bytes, bits);
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != prefix.length) {
            return false;
        }
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != prefix[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (candidate[full] & mask) == (prefix[full] & mask);
    }
}
