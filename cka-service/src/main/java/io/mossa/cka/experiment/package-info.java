/**
 * Experiments as resources: a plan checked against the contract and stored with its tasks and work units, its
 * lifecycle (cancel, re-run, delete; docs/state-machines.md), views, keyset pages and results.
 */
package io.mossa.cka.experiment;
