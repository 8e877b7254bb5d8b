/**
 * The extractor's configuration properties and web setup.
 */
package io.mossa.extractor.config;
