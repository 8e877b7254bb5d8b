package io.mossa.cka.extractor;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param url            base URL of the extractor service
 * @param connectTimeout TCP connect timeout
 * @param readTimeout    how long one activations request may take (large models, long prompts)
 * @param maxElements    the most float values one NPY answer may hold (guards memory)
 */
@ConfigurationProperties("mossa.extractor")
public record ExtractorProperties(String url, Duration connectTimeout, Duration readTimeout, Long maxElements) {

    public ExtractorProperties {
        url = url == null || url.isBlank() ? "http://localhost:8081" : url.strip();
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofMinutes(10) : readTimeout;
        maxElements = maxElements == null ? 512L * 1024 * 1024 : maxElements;
    }
}
