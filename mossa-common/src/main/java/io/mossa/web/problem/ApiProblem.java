package io.mossa.web.problem;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A failure the client caused or must know about, answered as RFC 9457 problem+json.
 * The detail must name what was wrong (which field, which value) so that it can be fixed without logs.
 */
public class ApiProblem extends ErrorResponseException {

    public ApiProblem(HttpStatus status, String title, String detail) {
        super(status, problem(status, title, detail), null);
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "Invalid request", detail);
    }

    public static ApiProblem unprocessable(String detail) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid request", detail);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "Not found", detail);
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, "Conflict", detail);
    }

    public static ApiProblem payloadTooLarge(String detail) {
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "Request too large", detail);
    }

    /** The server cannot take the work now; the client should come back after {@code retryAfterSeconds}. */
    public static ApiProblem unavailable(String detail, long retryAfterSeconds) {
        ApiProblem problem = new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", detail);
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        return problem;
    }

    /** A dependency (another MOSSA service) failed; the detail says which and how. */
    public static ApiProblem badGateway(String detail) {
        return new ApiProblem(HttpStatus.BAD_GATEWAY, "Upstream service failed", detail);
    }

    public ApiProblem with(String property, Object value) {
        getBody().setProperty(property, value);
        return this;
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("about:blank"));
        return problem;
    }
}
