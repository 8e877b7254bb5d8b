package io.mossa.cka.experiment;

public enum UnitState {
    PENDING, RUNNING, DONE, FAILED, CANCELLED
}
