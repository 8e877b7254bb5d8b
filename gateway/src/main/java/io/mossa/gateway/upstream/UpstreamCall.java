package io.mossa.gateway.upstream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientResponseException;

import io.mossa.web.problem.ApiProblem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a call to an internal service and turns its failures into problems the public client can act on:
 * the internal service's own 4xx detail is passed on with its extension members (such as "field"), an unreachable service is a 503 with Retry-After,
 * anything else a 502 naming the service. Internal URLs and stack traces never reach the client.
 */
final class UpstreamCall {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> STANDARD_MEMBERS = Set.of("type", "title", "status", "detail", "instance");

    private UpstreamCall() {
    }

    static <T> T call(String service, Supplier<T> call) {
        try {
            return call.get();
        } catch (RestClientResponseException e) {
            HttpStatusCode status = e.getStatusCode();
            String detail = detailOf(e);
            if (status.value() == 404) {
                throw ApiProblem.notFound(detail);
            }
            if (status.value() == 503) {
                throw ApiProblem.unavailable(service + " is busy: " + detail, 5);
            }
            if (status.value() == 413) {
                // the service's own body limit: the client's request was too large for it; 'property' names the limit
                ApiProblem problem = ApiProblem.payloadTooLarge(service + " refused the request: " + detail);
                extensionsOf(e).forEach(problem::with);
                throw problem;
            }
            if (status.is4xxClientError()) {
                HttpStatus resolved = HttpStatus.resolve(status.value());
                ApiProblem problem = new ApiProblem(resolved == null ? HttpStatus.BAD_REQUEST : resolved,
                        "Invalid request", detail);
                extensionsOf(e).forEach(problem::with);
                throw problem;
            }
            throw ApiProblem.badGateway(service + " failed with HTTP " + status.value() + ": " + detail);
        } catch (ResourceAccessException e) {
            throw ApiProblem.unavailable(service + " is unreachable; try again shortly", 5);
        }
    }

    /** The members of an RFC 9457 body beyond the standard ones: what the client needs to fix the request. */
    private static Map<String, Object> extensionsOf(RestClientResponseException e) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        try {
            JsonNode problem = JSON.readTree(e.getResponseBodyAsString());
            if (problem.isObject()) {
                for (Map.Entry<String, JsonNode> member : problem.properties()) {
                    if (!STANDARD_MEMBERS.contains(member.getKey())) {
                        extensions.put(member.getKey(), JSON.treeToValue(member.getValue(), Object.class));
                    }
                }
            }
        } catch (RuntimeException notJson) {
            // no extensions to pass on
        }
        return extensions;
    }

    private static String detailOf(RestClientResponseException e) {
        String body = e.getResponseBodyAsString();
        try {
            JsonNode problem = JSON.readTree(body);
            if (problem.hasNonNull("detail")) {
                return problem.get("detail").asString();
            }
        } catch (RuntimeException notJson) {
            // fall through: a body that is not problem+json carries no detail worth passing on
        }
        return e.getStatusText();
    }
}
