package io.mossa.gateway.access;

import java.util.Set;

/**
 * Who may send which request; the one place that decides it (the filter only applies the decision).
 * <ul>
 * <li>a request that presents an unknown or revoked key is refused (401) whatever it asks: a mistyped key should
 * fail loudly rather than silently act as nobody;</li>
 * <li>/api/v1/api-keys needs the admin key: 401 without a key, 403 with another valid key;</li>
 * <li>/api/v1/webhooks needs a valid key or the admin key for every method, reads included: subscriptions
 * belong to keys;</li>
 * <li>every write (POST, PUT, PATCH, DELETE) needs a valid key or the admin key: 401 without one;</li>
 * <li>everything else (reads, health, API docs, Swagger UI, static pages) is open; who may read a private
 * experiment is decided where it is read, from the {@link Caller}.</li>
 * </ul>
 */
final class AccessRules {

    static final String HEADER = "X-API-Key";
    static final String KEYS_PATH = "/api/v1/api-keys";
    static final String WEBHOOKS_PATH = "/api/v1/webhooks";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    /** What the presented header amounted to. */
    enum Presented { NONE, VALID, UNKNOWN }

    /** The outcome: allowed, or refused with a status and a detail saying what to do. */
    record Decision(int status, String detail) {

        static final Decision ALLOW = new Decision(200, null);

        boolean allowed() {
            return status == 200;
        }
    }

    private AccessRules() {
    }

    static Decision decide(String method, String path, Presented presented, Caller caller) {
        if (presented == Presented.UNKNOWN) {
            return new Decision(401, HEADER + ": unknown or revoked API key");
        }
        if (path.equals(KEYS_PATH) || path.startsWith(KEYS_PATH + "/")) {
            if (caller.admin()) {
                return Decision.ALLOW;
            }
            return caller.anonymous()
                    ? new Decision(401, HEADER + ": managing API keys needs the admin key")
                    : new Decision(403, "managing API keys needs the admin key; key '" + caller.name() + "' is not it");
        }
        if ((path.equals(WEBHOOKS_PATH) || path.startsWith(WEBHOOKS_PATH + "/")) && caller.anonymous()) {
            return new Decision(401, HEADER + ": webhooks belong to API keys; send yours in header " + HEADER);
        }
        if (WRITES.contains(method) && caller.anonymous()) {
            return new Decision(401, HEADER + ": " + method + " needs an API key (header " + HEADER
                    + "); ask the administrator for one");
        }
        return Decision.ALLOW;
    }
}
