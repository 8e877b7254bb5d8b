package io.mossa.gateway.access;

import java.util.Set;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * Declares the X-API-Key scheme (Swagger UI's Authorize button) and marks the operations {@link AccessRules}
 * guards: every write, and everything under /api/v1/api-keys.
 */
@Configuration(proxyBeanMethods = false)
class ApiKeyOpenApi {

    static final String SCHEME = "apiKey";
    private static final Set<PathItem.HttpMethod> WRITES = Set.of(PathItem.HttpMethod.POST, PathItem.HttpMethod.PUT,
            PathItem.HttpMethod.PATCH, PathItem.HttpMethod.DELETE);

    @Bean
    OpenApiCustomizer apiKeySecurity() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSecuritySchemes(SCHEME, new SecurityScheme()
                    .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name(AccessRules.HEADER)
                    .description("An API key from the administrator, or the admin key itself. Writes and webhooks need "
                            + "one; other reads are open (a private experiment only to its owner's key)."));
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                boolean adminOnly = path.equals(AccessRules.KEYS_PATH) || path.startsWith(AccessRules.KEYS_PATH + "/");
                // as AccessRules decides: webhooks belong to keys, so even reading them needs one
                boolean keyOnly = path.equals(AccessRules.WEBHOOKS_PATH)
                        || path.startsWith(AccessRules.WEBHOOKS_PATH + "/");
                if (adminOnly || keyOnly || WRITES.contains(method)) {
                    guard(operation, adminOnly);
                }
            }));
        };
    }

    private static void guard(Operation operation, boolean adminOnly) {
        operation.addSecurityItem(new SecurityRequirement().addList(SCHEME));
        operation.getResponses().addApiResponse("401", new ApiResponse()
                .description("X-API-Key missing, unknown or revoked (problem+json)"));
        if (adminOnly) {
            operation.getResponses().addApiResponse("403", new ApiResponse()
                    .description("A valid key that is not the admin key (problem+json)"));
        }
    }
}
