package io.mossa.cka.taskset;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

import io.mossa.web.problem.RequestBodyLimitFilter;

/**
 * Task-set documents have their own body limit ({@code mossa.cka.task-sets.max-request-size}): a document holds
 * every task's examples, so it may be larger than an experiment request. It must stay above the gateway's
 * {@code mossa.gateway.max-task-set-bytes}, which the gateway checks before it sends a document here.
 */
@Configuration(proxyBeanMethods = false)
class TaskSetBodyLimit {

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> taskSetBodyLimitFilter(
            @Value("${mossa.cka.task-sets.max-request-size:80MB}") DataSize limit) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestBodyLimitFilter(limit.toBytes()));
        // two registrations of one filter class need their own names, or the second is silently dropped
        registration.setName("taskSetBodyLimit");
        registration.addUrlPatterns("/v1/task-sets/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
