package io.mossa.extractor.config;

import io.mossa.web.problem.RequestBodyLimitFilter;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class WebConfig {

    /** Refuses oversized bodies before Jackson buffers them. */
    @Bean
    RequestBodyLimitFilter requestBodyLimitFilter(ExtractorProperties properties) {
        return new RequestBodyLimitFilter(properties.maxRequestBytes(), "mossa.extractor.max-request-bytes");
    }

    @Bean
    OpenAPI extractorOpenApi() {
        return new OpenAPI().info(new Info().title("MOSSA extractor service").version("v1")
                .description("Every layer's hidden states (HuggingFace hidden_states order) of ONNX encoders "
                        + "and HuggingFace checkpoints (bert, gpt2, llama, mistral, qwen2), as JSON or NPY."));
    }
}
