package io.mossa.cka.webhook;

/** A delivery is PENDING until the receiver answered 2xx (SUCCEEDED) or every allowed attempt failed (FAILED). */
public enum DeliveryState {
    PENDING, SUCCEEDED, FAILED
}
