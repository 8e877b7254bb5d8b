package io.mossa.cka;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

import io.mossa.cka.cache.ActivationCacheProperties;
import io.mossa.cka.extractor.ExtractorProperties;
import io.mossa.cka.runner.RunnerProperties;
import io.mossa.cka.similarity.service.SimilarityProperties;
import io.mossa.cka.webhook.WebhookProperties;
import io.mossa.web.problem.ProblemAdvice;
import io.mossa.web.problem.ProblemResponses;
import io.mossa.web.problem.RequestBodyLimitFilter;

/** The CKA service: runs experiments (activations from the extractor, linear CKA, similarity matrices in PostgreSQL). */
@SpringBootApplication
@Import({ProblemAdvice.class, ProblemResponses.class})
@EnableConfigurationProperties({ActivationCacheProperties.class, RunnerProperties.class, ExtractorProperties.class,
        SimilarityProperties.class, WebhookProperties.class})
public class CkaApplication {

    public static void main(String[] args) {
        // DJL must never try to download an engine: the PyTorch natives ship in the jar
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        SpringApplication.run(CkaApplication.class, args);
    }

    /** JSON bodies of the experiment API. */
    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(RunnerProperties properties) {
        return bodyLimit("experimentBodyLimit", properties.maxRequestBytes(), "mossa.cka.max-request-bytes",
                "/v1/experiments/*");
    }

    /** NPY uploads of the stateless similarity API, a separate and larger limit. */
    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> uploadLimitFilter(SimilarityProperties properties) {
        return bodyLimit("similarityUploadLimit", properties.maxUploadSize().toBytes(),
                "mossa.cka.similarity.max-upload-size", "/v1/similarity");
    }

    private static FilterRegistrationBean<RequestBodyLimitFilter> bodyLimit(String name, long bytes, String property,
            String pattern) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestBodyLimitFilter(bytes, property));
        // two registrations of one filter class need their own names, or the second is silently dropped
        registration.setName(name);
        registration.addUrlPatterns(pattern);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
