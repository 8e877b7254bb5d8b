/**
 * The workers: claim a unit from PostgreSQL (FOR UPDATE SKIP LOCKED, leased), fetch activations, compute, store the
 * results and the unit's new state in one transaction; metrics of units and experiments.
 */
package io.mossa.cka.runner;
