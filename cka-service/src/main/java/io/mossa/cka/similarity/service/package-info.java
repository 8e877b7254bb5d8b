/**
 * The engine as a service: its memory and work limits, the device, and one computation slot at a time shared by
 * experiments and the API.
 */
package io.mossa.cka.similarity.service;
