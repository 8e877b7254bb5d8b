package io.mossa.gateway.upstream;

import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import io.mossa.gateway.GatewayProperties;
import io.mossa.gateway.taskset.TaskSetProperties;

/** One HTTP client per internal service, each with the configured timeouts. */
@Configuration(proxyBeanMethods = false)
class UpstreamClients {

    @Bean
    ExtractorClient extractorClient(GatewayProperties properties, ExtractorAvailability availability,
            RestClient.Builder builder) {
        String url = properties.extractorUrl().toString();
        return new ExtractorClient(restClient(properties, url, builder),
                restClient(properties, url, builder, availability.metadataTimeout()),
                availability.modelListTtl());
    }

    @Bean
    CkaClient ckaClient(GatewayProperties properties, RestClient.Builder builder) {
        return new CkaClient(restClient(properties, properties.ckaUrl().toString(), builder));
    }

    @Bean
    TaskSetStoreClient taskSetStoreClient(GatewayProperties properties, TaskSetProperties taskSets,
            RestClient.Builder builder) {
        String url = properties.ckaUrl().toString();
        return new TaskSetStoreClient(restClient(properties, url, builder),
                restClient(properties, url, builder, taskSets.uploadTimeout()));
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
        return restClient(properties, baseUrl, builder, properties.readTimeout());
    }

    /**
     * @param timeout how long a call may take until the answer's headers arrive (the JDK client's request timeout,
     *                which includes the time to send the body)
     */
    private static RestClient restClient(GatewayProperties properties, String baseUrl, RestClient.Builder builder,
            Duration timeout) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(timeout);
        return builder.clone().baseUrl(baseUrl).requestFactory(factory).build();
    }
}
