/**
 * Models in the public API: the extractor's models with their layers, and registration of model directories.
 */
package io.mossa.gateway.model;
