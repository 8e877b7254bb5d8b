package io.mossa.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import io.mossa.web.problem.ProblemAdvice;
import io.mossa.web.problem.RequestBodyLimitFilter;

@SpringBootApplication
@ConfigurationPropertiesScan
@Import(ProblemAdvice.class)
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimit(GatewayProperties properties) {
        return new FilterRegistrationBean<>(new RequestBodyLimitFilter(properties.maxRequestBytes()));
    }
}
