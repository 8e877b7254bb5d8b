package io.mossa.web.problem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem+json body straight to the servlet response, for the places where Spring's content
 * negotiation cannot be used: before the application (Tomcat's own errors) or when the Accept header itself
 * is what was wrong. A problem is always application/problem+json, whatever the client accepts.
 */
public final class ProblemWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemWriter() {
    }

    public static String json(int status, String detail, String instance) {
        HttpStatus known = HttpStatus.resolve(status);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", known == null ? "Error" : known.getReasonPhrase());
        body.put("status", status);
        body.put("detail", detail);
        if (instance != null) {
            body.put("instance", instance);
        }
        return JSON.writeValueAsString(body);
    }

    public static void write(HttpServletResponse response, int status, String detail, String instance)
            throws IOException {
        response.resetBuffer();
        response.setStatus(status);
        // JSON is UTF-8 by definition (RFC 8259): no charset parameter, as Spring writes problem+json
        response.setContentType(ProblemResponses.PROBLEM_JSON);
        try {
            response.getOutputStream().write(json(status, detail, instance).getBytes(StandardCharsets.UTF_8));
        } catch (IllegalStateException writerInUse) {
            response.getWriter().write(json(status, detail, instance));
        }
        response.flushBuffer();
    }

    /** What the client can do about a status the container answered by itself. */
    public static String detailFor(int status) {
        return switch (status) {
            case 400 -> "the request line, a header or the body is malformed: percent-encode reserved characters in "
                    + "paths and query strings ('[' as %5B, ']' as %5D, '%' as %25); encoded '/' (%2F), '\\' and "
                    + "NUL (%00) are not accepted in a path";
            case 404 -> "no resource at this path";
            case 405 -> "this method is not supported on this path; the Allow header lists those that are";
            case 406 -> "the Accept header excludes every representation of this resource";
            case 408 -> "the request was not received in time";
            case 411 -> "a Content-Length header is required";
            case 413 -> "the request body is too large";
            case 414 -> "the request URI is too long";
            case 415 -> "the Content-Type of the body is not supported here";
            case 431 -> "the request headers are too large";
            case 501 -> "this method is not implemented";
            case 503 -> "the service is not available; try again shortly";
            default -> status >= 500 ? "the server could not answer the request" : "the request cannot be answered";
        };
    }
}
