package io.mossa.cka.taskset;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

import io.mossa.web.problem.RequestBodyLimitFilter;

/**
 * Body limits of the task-set API. A whole document ({@code POST /v1/task-sets/{id}/versions}) is parsed in memory,
 * so it has a limit like other JSON bodies ({@code mossa.cka.task-sets.max-request-size}); an upload
 * ({@code POST /v1/task-sets/{id}/uploads}) streams into PostgreSQL and its limit
 * ({@code mossa.cka.task-sets.max-upload-size}) only backs up the gateway's, which it must stay above.
 */
@Configuration(proxyBeanMethods = false)
class TaskSetBodyLimit {

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> taskSetBodyLimitFilter(
            @Value("${mossa.cka.task-sets.max-request-size:80MB}") DataSize limit) {
        return register("taskSetBodyLimit", new RequestBodyLimitFilter(limit.toBytes(),
                "mossa.cka.task-sets.max-request-size") {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return isUpload(request);
            }
        });
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> taskSetUploadLimitFilter(
            @Value("${mossa.cka.task-sets.max-upload-size:8GB}") DataSize limit) {
        return register("taskSetUploadLimit", new RequestBodyLimitFilter(limit.toBytes(),
                "mossa.cka.task-sets.max-upload-size") {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return !isUpload(request);
            }
        });
    }

    private static boolean isUpload(HttpServletRequest request) {
        return request.getRequestURI().endsWith("/uploads");
    }

    private static FilterRegistrationBean<RequestBodyLimitFilter> register(String name, RequestBodyLimitFilter filter) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(filter);
        // two registrations of one filter class need their own names, or the second is silently dropped
        registration.setName(name);
        registration.addUrlPatterns("/v1/task-sets/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
