package io.mossa.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import io.mossa.gateway.taskset.ExamplesUploadLimit;
import io.mossa.web.problem.ProblemAdvice;
import io.mossa.web.problem.ProblemResponses;
import io.mossa.web.problem.RequestBodyLimitFilter;

@SpringBootApplication
@ConfigurationPropertiesScan
@Import({ProblemAdvice.class, ProblemResponses.class})
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }

    /** JSON bodies: every path but the similarity and example uploads, which have their own limits. */
    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimit(GatewayProperties properties) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestBodyLimitFilter(properties.maxRequestBytes(), "mossa.gateway.max-request-bytes") {
                    @Override
                    protected boolean shouldNotFilter(jakarta.servlet.http.HttpServletRequest request) {
                        return SIMILARITY_PATH.equals(request.getRequestURI())
                                || ExamplesUploadLimit.isExamplesUpload(request);
                    }
                });
        registration.setName("jsonBodyLimit");
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> uploadLimit(GatewayProperties properties) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestBodyLimitFilter(properties.maxUploadBytes(),
                        "mossa.gateway.max-upload-bytes"));
        registration.addUrlPatterns(SIMILARITY_PATH);
        // two registrations of one filter class need their own names, or the second is silently dropped
        registration.setName("similarityUploadLimit");
        return registration;
    }

    private static final String SIMILARITY_PATH = "/api/v1/similarity";
}
