/**
 * cka-service: owns experiments and their results. It stores what the gateway plans, runs one work unit per task on
 * its workers, and serves the similarity engine to experiments and to POST /v1/similarity.
 */
package io.mossa.cka;
