package io.mossa.cka.webhook;

/** How one delivery attempt ended. Every outcome but DELIVERED is retried until the attempts run out. */
public enum AttemptOutcome {
    /** The receiver answered 2xx. */
    DELIVERED,
    /** The receiver answered another status (redirects are not followed). */
    HTTP_ERROR,
    /** No connection or no response within the configured timeouts. */
    TIMEOUT,
    /** Connection refused or reset, TLS failure, malformed response. */
    CONNECTION_FAILED,
    /** The host resolved to an address the operator does not allow (checked at every attempt). */
    ADDRESS_DENIED,
    /** The host did not resolve. */
    UNRESOLVED_HOST
}
