/**
 * The gateway: the public REST API, its OpenAPI document and the results page. It keeps no state; everything lives
 * in cka-service.
 */
package io.mossa.gateway;
