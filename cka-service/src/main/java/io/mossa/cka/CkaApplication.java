package io.mossa.cka;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

import io.mossa.cka.extractor.ExtractorProperties;
import io.mossa.cka.runner.RunnerProperties;
import io.mossa.web.problem.ProblemAdvice;
import io.mossa.web.problem.RequestBodyLimitFilter;

/** The CKA service: runs experiments (activations from the extractor, linear CKA, similarity matrices in PostgreSQL). */
@SpringBootApplication
@Import(ProblemAdvice.class)
@EnableConfigurationProperties({RunnerProperties.class, ExtractorProperties.class})
public class CkaApplication {

    public static void main(String[] args) {
        SpringApplication.run(CkaApplication.class, args);
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(RunnerProperties properties) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestBodyLimitFilter(properties.maxRequestBytes()));
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
