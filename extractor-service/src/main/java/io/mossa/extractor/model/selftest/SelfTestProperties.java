package io.mossa.extractor.model.selftest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code mossa.extractor.self-test}.
 *
 * @param atStartup run the device self-test when the service starts, before it reports ready
 */
@ConfigurationProperties("mossa.extractor.self-test")
public record SelfTestProperties(@DefaultValue("true") boolean atStartup) {
}
