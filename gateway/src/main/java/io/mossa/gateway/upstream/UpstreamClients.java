package io.mossa.gateway.upstream;

import java.net.http.HttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import io.mossa.gateway.GatewayProperties;

/** One HTTP client per internal service, each with the configured timeouts. */
@Configuration(proxyBeanMethods = false)
class UpstreamClients {

    @Bean
    ExtractorClient extractorClient(GatewayProperties properties, RestClient.Builder builder) {
        return new ExtractorClient(restClient(properties, properties.extractorUrl().toString(), builder));
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

    @Bean
    WebhookClient webhookClient(GatewayProperties properties, RestClient.Builder builder) {
        return new WebhookClient(restClient(properties, properties.ckaUrl().toString(), builder));
    }

    /** From Spring Boot's builder, which observes every call, so that a request's trace id reaches the services. */
    private static RestClient restClient(GatewayProperties properties, String baseUrl, RestClient.Builder builder) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(properties.readTimeout());
        return builder.clone().baseUrl(baseUrl).requestFactory(factory).build();
    }
}
