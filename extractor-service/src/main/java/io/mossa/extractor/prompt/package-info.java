/**
 * Chat templates: how a prompt is wrapped for a model that has one.
 */
package io.mossa.extractor.prompt;
