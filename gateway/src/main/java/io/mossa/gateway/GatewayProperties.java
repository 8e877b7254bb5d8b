package io.mossa.gateway;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the internal services are and the limits of the public API.
 *
 * @param extractorUrl    base URL of extractor-service
 * @param ckaUrl          base URL of cka-service
 * @param connectTimeout  connect timeout for calls to the internal services
 * @param readTimeout     read timeout for calls to the internal services
 * @param maxRequestBytes the largest request body accepted
 * @param maxTasks        the most tasks one experiment may hold
 * @param maxPromptsPerTask the most prompts (examples) one task may hold
 * @param maxPromptChars  the longest prompt accepted, in characters
 * @param maxUploadBytes  the largest body of POST /api/v1/similarity (two NPY files)
 * @param similarityTimeout how long a stateless similarity computation may take before the gateway gives up
 * @param maxInlinePromptBytes the most UTF-8 bytes of prompts an experiment's inline tasks may carry in all: an
 *                          experiment carries them to cka-service twice (its tasks and its definition as submitted),
 *                          whose mossa.cka.max-request-bytes (16 MiB) must hold them; larger data belongs in a task set
 */
@ConfigurationProperties("mossa.gateway")
public record GatewayProperties(
        @DefaultValue("http://localhost:8081") URI extractorUrl,
        @DefaultValue("http://localhost:8082") URI ckaUrl,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("60s") Duration readTimeout,
        @DefaultValue("16777216") long maxRequestBytes,
        @DefaultValue("500") int maxTasks,
        @DefaultValue("10000") int maxPromptsPerTask,
        @DefaultValue("20000") int maxPromptChars,
        @DefaultValue("1073741824") long maxUploadBytes,
        @DefaultValue("15m") Duration similarityTimeout,
        @DefaultValue("6291456") long maxInlinePromptBytes) {
}
