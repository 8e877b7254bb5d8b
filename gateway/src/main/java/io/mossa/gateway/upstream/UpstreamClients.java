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
    ExtractorClient extractorClient(GatewayProperties properties) {
        return new ExtractorClient(restClient(properties, properties.extractorUrl().toString()));
    }

    @Bean
    CkaClient ckaClient(GatewayProperties properties) {
        return new CkaClient(restClient(properties, properties.ckaUrl().toString()));
    }

    private static RestClient restClient(GatewayProperties properties, String baseUrl) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(properties.readTimeout());
        return RestClient.builder().baseUrl(baseUrl).requestFactory(factory).build();
    }
}
