package io.mossa.cka.experiment;

public enum ExperimentStatus {
    PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED
}
