package io.mossa.gateway.taskset;

import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.mossa.web.problem.RequestBodyLimitFilter;

/**
 * The body limit of example uploads (mossa.gateway.task-sets.max-upload-size), which the general JSON body limit
 * leaves to this filter (see {@link #isExamplesUpload}).
 */
@Configuration(proxyBeanMethods = false)
public class ExamplesUploadLimit {

    private static final Pattern EXAMPLES_PATH = Pattern.compile("/api/v1/task-sets/[^/]+(/tasks/[^/]+)?/examples");

    public static boolean isExamplesUpload(HttpServletRequest request) {
        return EXAMPLES_PATH.matcher(request.getRequestURI()).matches();
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> examplesUploadLimitFilter(TaskSetProperties properties) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestBodyLimitFilter(properties.maxUploadSize().toBytes(),
                        "mossa.gateway.task-sets.max-upload-size") {
                    @Override
                    protected boolean shouldNotFilter(HttpServletRequest request) {
                        return !isExamplesUpload(request);
                    }
                });
        registration.addUrlPatterns("/api/v1/task-sets/*");
        // two registrations of one filter class need their own names, or the second is silently dropped
        registration.setName("examplesUploadLimit");
        return registration;
    }
}
