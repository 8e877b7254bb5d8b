/**
 * The experiment contract the gateway and cka-service share: the vocabulary (enums with their wire names), the
 * records an experiment is made of, and their defaults, limits and rules, written once. Both services validate a
 * definition through these classes, so neither can let through what the other refuses. Rules report into
 * {@link io.mossa.contract.Violations}, a domain exception the web edge answers as problem+json.
 */
package io.mossa.contract;
