package io.mossa.contract.experiment;

/**
 * Where an experiment is in its life (docs/state-machines.md): PENDING until a worker claims a unit, RUNNING
 * until every unit ended, then SUCCEEDED or FAILED; CANCELLED from PENDING or RUNNING. The wire name is the
 * constant's name.
 */
public enum ExperimentStatus {
    PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED
}
