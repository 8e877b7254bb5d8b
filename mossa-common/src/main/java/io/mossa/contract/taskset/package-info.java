/** Task sets in the contract: how a templated example becomes a prompt, the same in the gateway and cka-service. */
package io.mossa.contract.taskset;
