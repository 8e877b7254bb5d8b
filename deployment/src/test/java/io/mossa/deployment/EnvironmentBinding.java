package io.mossa.deployment;

import java.util.Collection;
import java.util.Map;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Spring Boot's own relaxed binding of environment variables (SystemEnvironmentPropertyMapper): the test
 * asks Boot, not a re-implementation, which property an environment variable feeds.
 */
final class EnvironmentBinding {

    private EnvironmentBinding() {
    }

    /** The first of the properties that this environment variable sets, or null when it sets none. */
    static String boundProperty(String environmentVariable, Collection<String> properties) {
        // Boot applies the environment-variable mapping only to the source named "systemEnvironment".
        SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(environmentVariable, "set"));
        ConfigurationPropertySource source = ConfigurationPropertySource.from(environment);
        for (String property : properties) {
            if (ConfigurationPropertyName.isValid(property)
                    && source.getConfigurationProperty(ConfigurationPropertyName.of(property)) != null) {
                return property;
            }
        }
        return null;
    }
}
