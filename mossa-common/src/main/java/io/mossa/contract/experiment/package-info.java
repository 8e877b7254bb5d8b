/**
 * An experiment in the contract: the vocabulary (pairing, pooling, visibility, sampling, status), its parts
 * (models, layers, prompt format, task set reference, access), the public definition, the plan the gateway sends
 * and the view both services answer.
 */
package io.mossa.contract.experiment;
