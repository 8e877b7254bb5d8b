package io.mossa.gateway.access;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.micrometer.core.instrument.MeterRegistry;
import io.mossa.gateway.upstream.ApiKeyClient;

/** The access filter with its interceptor, the admin key and the cache of key lookups. */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    /** Where Spring Security's filter chain would sit: after tracing (log lines carry the trace id), before bodies are read. */
    static final int FILTER_ORDER = -100;
    private static final Logger log = LoggerFactory.getLogger(AccessConfiguration.class);

    @Bean
    ApiKeyCache apiKeyCache(ApiKeyProperties properties) {
        return new ApiKeyCache(properties.apiKeyCacheTtl(), properties.apiKeyCacheSize(), Clock.systemUTC());
    }

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ApiKeyProperties properties, ApiKeyCache cache,
            ApiKeyClient keys, MeterRegistry meters) {
        AdminKey adminKey = new AdminKey(properties.adminKey());
        if (!adminKey.configured()) {
            log.warn("mossa.gateway.admin-key (MOSSA_GATEWAY_ADMIN_KEY) is empty: no API key can be created, "
                    + "so every write is refused");
        }
        FilterRegistrationBean<ApiKeyFilter> registration =
                new FilterRegistrationBean<>(new ApiKeyFilter(adminKey, cache, keys, meters));
        registration.setName("apiKeyFilter");
        registration.setOrder(FILTER_ORDER);
        return registration;
    }

    /** Answers, for the API's operations, the refusals the filter decided (see {@link ApiKeyFilter#refusals}). */
    @Bean
    WebMvcConfigurer apiKeyRefusals(FilterRegistrationBean<ApiKeyFilter> apiKeyFilter) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(apiKeyFilter.getFilter().refusals).addPathPatterns(ApiKeyFilter.API_PATH + "**");
            }
        };
    }
}
