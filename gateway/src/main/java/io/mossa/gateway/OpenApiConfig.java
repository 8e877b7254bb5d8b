package io.mossa.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.MediaType;
import tools.jackson.databind.json.JsonMapper;

/** API metadata, and the bundled demo experiment as the example of "Submit an experiment" (one source). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static final String DEMO_EXPERIMENT = "demo/demo-experiment.json";

    @Bean
    OpenApiCustomizer mossaOpenApi() throws IOException {
        Object demo;
        try (InputStream in = new ClassPathResource(DEMO_EXPERIMENT).getInputStream()) {
            demo = JsonMapper.builder().build().readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    Object.class);
        }
        return openApi -> {
            openApi.info(new Info().title("MOSSA gateway API").version("v1")
                    .description("Layer-by-layer CKA experiments between language models. Errors are RFC 9457 "
                            + "problem+json documents whose detail names the wrong field."));
            var post = openApi.getPaths().get("/api/v1/experiments").getPost();
            MediaType json = post.getRequestBody().getContent().get("application/json");
            json.addExamples("demo", new Example().summary("The bundled demo: int8 quantization vs fp32")
                    .value(demo));
        };
    }
}
