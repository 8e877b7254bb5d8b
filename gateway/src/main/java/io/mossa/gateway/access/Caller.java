package io.mossa.gateway.access;

import jakarta.servlet.http.HttpServletRequest;

import io.mossa.contract.experiment.Access;

/**
 * Who sent a request, as established from its {@code X-API-Key} header: a named API key, the administrator, or
 * nobody (no key). The access filter stores it as a request attribute; controllers read it with {@link #of}.
 *
 * @param keyId the id of the API key, or null for an anonymous caller or the administrator
 * @param name  the key's name (for logs), or null
 * @param admin whether the caller presented the configured admin key
 */
public record Caller(String keyId, String name, boolean admin) {

    public static final String ATTRIBUTE = Caller.class.getName();
    public static final Caller ANONYMOUS = new Caller(null, null, false);
    public static final Caller ADMIN = new Caller(null, "admin", true);

    public boolean anonymous() {
        return keyId == null && !admin;
    }

    /** Whether this caller may read an experiment with this access (the contract's one rule). */
    public boolean canRead(Access access) {
        return access.readableBy(keyId, admin);
    }

    public static Caller of(HttpServletRequest request) {
        Object caller = request.getAttribute(ATTRIBUTE);
        return caller instanceof Caller c ? c : ANONYMOUS;
    }
}
