package io.mossa.cka.runner;

/** A unit cannot be completed; the message is the experiment's failure reason (names task, model, cause). */
class UnitFailure extends RuntimeException {

    UnitFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
