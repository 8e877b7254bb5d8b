/**
 * RFC 9457 problem+json for every service: the advice that answers every failure (the contract's domain exceptions
 * included), request body limits, and the problem responses of the OpenAPI documents.
 */
package io.mossa.web.problem;
