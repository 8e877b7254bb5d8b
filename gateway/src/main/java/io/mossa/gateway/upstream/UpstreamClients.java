package io.mossa.gateway.upstream;

import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import io.mossa.gateway.GatewayProperties;

/** One HTTP client per internal service, each with the configured timeouts. */
@Configuration(proxyBeanMethods = false)
class UpstreamClients {

    @Bean
    ExtractorClient extractorClient(GatewayProperties properties, ExtractorAvailability availability,
            RestClient.Builder builder) {
        String url = properties.extractorUrl().toString();
        return new ExtractorClient(restClient(properties, url, builder),
                restClient(properties.connectTimeout(), availability.metadataTimeout(), url, builder),
                availability.modelListTtl());
    }

    @Bean
    CkaClient ckaClient(GatewayProperties properties, RestClient.Builder builder) {
        return new CkaClient(restClient(properties, properties.ckaUrl().toString(), builder));
    }

    @Bean
    TaskSetStoreClient taskSetStoreClient(GatewayProperties properties, RestClient.Builder builder) {
        return new TaskSetStoreClient(restClient(properties, properties.ckaUrl().toString(), builder));
    }

    @Bean
    ApiKeyClient apiKeyClient(GatewayProperties properties, RestClient.Builder builder) {
        return new ApiKeyClient(restClient(properties, properties.ckaUrl().toString(), builder));
    }

    /** From Spring Boot's builder, which observes every call, so that a request's trace id reaches the services. */
    private static RestClient restClient(GatewayProperties properties, String baseUrl, RestClient.Builder builder) {
        return restClient(properties.connectTimeout(), properties.readTimeout(), baseUrl, builder);
    }

    private static RestClient restClient(Duration connectTimeout, Duration readTimeout, String baseUrl,
            RestClient.Builder builder) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(readTimeout);
        return builder.clone().baseUrl(baseUrl).requestFactory(factory).build();
    }
}
