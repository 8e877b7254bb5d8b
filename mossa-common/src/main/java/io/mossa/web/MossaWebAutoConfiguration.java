package io.mossa.web;

import org.apache.catalina.Container;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;

import io.mossa.web.input.AcceptHeaderFilter;
import io.mossa.web.input.QueryTextFilter;
import io.mossa.web.json.StrictJson;
import io.mossa.web.problem.ContainerErrorValve;
import io.mossa.web.problem.ProblemErrorController;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every MOSSA service does with odd and hostile input, in one place (docs/errors.md): client JSON read
 * strictly ({@link StrictJson}), query strings checked ({@link QueryTextFilter}), and every error, also those
 * the container raises before the application, answered as problem+json.
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import(ProblemErrorController.class)
public class MossaWebAutoConfiguration {

    /** Request bodies only: the services' HTTP clients keep reading each other's answers leniently. */
    @Bean
    ServerHttpMessageConvertersCustomizer strictJsonRequests(JsonMapper bootMapper) {
        JsonMapper strict = StrictJson.configure(bootMapper.rebuild()).build();
        return new StrictJsonConverter(strict);
    }

    @Bean
    FilterRegistrationBean<QueryTextFilter> queryTextFilter() {
        FilterRegistrationBean<QueryTextFilter> registration = new FilterRegistrationBean<>(new QueryTextFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setName("queryTextFilter");
        return registration;
    }

    @Bean
    FilterRegistrationBean<AcceptHeaderFilter> acceptHeaderFilter() {
        FilterRegistrationBean<AcceptHeaderFilter> registration = new FilterRegistrationBean<>(new AcceptHeaderFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.setName("acceptHeaderFilter");
        return registration;
    }

    /** Replaces the host's HTML error page (Boot's ErrorReportValve) once every customizer has run. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorValve() {
        return factory -> factory.addContextCustomizers(context -> context.addLifecycleListener(event -> {
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                Container host = context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve && !(valve instanceof ContainerErrorValve)) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.getPipeline().addValve(new ContainerErrorValve());
            }
        }));
    }

    /** Only in services that serve an OpenAPI document (all three do). */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @org.springframework.boot.autoconfigure.condition.ConditionalOnClass(
            name = "org.springdoc.core.customizers.OpenApiCustomizer")
    static class OpenApiDocuments {

        @Bean
        io.mossa.web.openapi.TruthfulOpenApi truthfulOpenApi() {
            return new io.mossa.web.openapi.TruthfulOpenApi();
        }
    }

    /** Ordered last, so that it replaces the JSON converter Boot's own customizer registered. */
    record StrictJsonConverter(JsonMapper mapper) implements ServerHttpMessageConvertersCustomizer, Ordered {

        @Override
        public void customize(org.springframework.http.converter.HttpMessageConverters.ServerBuilder builder) {
            builder.withJsonConverter(new JacksonJsonHttpMessageConverter(mapper));
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
