/** The webhook vocabulary the gateway and cka-service share: which experiment events a subscription can name. */
package io.mossa.contract.webhook;
