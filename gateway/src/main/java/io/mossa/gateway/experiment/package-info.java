/**
 * Experiments in the public API: a definition read strictly and planned against the platform's models and task sets
 * (ExperimentPlanner, the contract's rules), then submitted, listed, cancelled, re-run and deleted with the
 * caller's access checked.
 */
package io.mossa.gateway.experiment;
