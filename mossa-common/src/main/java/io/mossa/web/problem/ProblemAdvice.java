package io.mossa.web.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import io.mossa.contract.Conflict;
import io.mossa.contract.ContractViolation;
import io.mossa.contract.Forbidden;
import io.mossa.contract.NotFound;
import io.mossa.contract.WireName;
import io.mossa.web.json.JsonProblems;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;

/**
 * Turns every failure into RFC 9457 problem+json. Client errors name the field and what was wrong;
 * unexpected errors answer 500 with a reference to the log line and never a stack trace.
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())));
        }
        ex.getBindingResult().getGlobalErrors().forEach(error ->
                errors.add(Map.of("field", error.getObjectName(), "message", String.valueOf(error.getDefaultMessage()))));
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", describe(errors), errors);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                errors.add(Map.of("field", String.valueOf(name), "message", String.valueOf(error.getDefaultMessage())));
            }
        });
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", describe(errors), errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        PayloadTooLargeException tooLarge = findCause(ex, PayloadTooLargeException.class);
        if (tooLarge != null) {
            return handleTooLarge(tooLarge);
        }
        InvalidFormatException wrongName = findCause(ex, InvalidFormatException.class);
        if (wrongName != null && wrongName.getTargetType() != null && wrongName.getTargetType().isEnum()
                && WireName.class.isAssignableFrom(wrongName.getTargetType())) {
            // a value outside the contract's vocabulary: named like every other invalid field
            @SuppressWarnings("unchecked")
            Class<? extends Enum<?>> type = (Class<? extends Enum<?>>) wrongName.getTargetType();
            String field = JsonProblems.path(wrongName).isEmpty() ? "body" : JsonProblems.path(wrongName);
            String message = WireName.notOneOf(type, wrongName.getValue());
            return problem(HttpStatus.BAD_REQUEST, "Invalid request", field + ": " + message,
                    List.of(Map.of("field", field, "message", message)));
        }
        JsonProblems.FieldProblem problem = unreadable(ex);
        ResponseEntity<Object> answer = problem(HttpStatus.BAD_REQUEST, "Malformed request body",
                problem.field() + ": " + problem.message(),
                List.of(Map.of("field", problem.field(), "message", problem.message())));
        // the one wrong field also as "field", as the services' own problems name it
        ((ProblemDetail) answer.getBody()).setProperty("field", problem.field());
        return answer;
    }

    /**
     * An Accept header that excludes problem+json, or cannot even be parsed, must still get a problem body: written
     * directly, since content negotiation is what failed.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (request instanceof ServletWebRequest servlet && servlet.getResponse() != null) {
            try {
                ProblemWriter.write(servlet.getResponse(), 406, "the Accept header excludes every "
                        + "representation of this resource; acceptable: " + ex.getSupportedMediaTypes(),
                        servlet.getRequest().getRequestURI());
                return null;
            } catch (java.io.IOException clientGone) {
                return null;
            }
        }
        return super.handleHttpMediaTypeNotAcceptable(ex, headers, status, request);
    }

    /** A definition that breaks the experiment contract: every field at fault, as the contract named them. */
    @ExceptionHandler(ContractViolation.class)
    ResponseEntity<Object> handleContractViolation(ContractViolation ex) {
        List<Map<String, String>> errors = ex.errors().stream()
                .map(e -> Map.of("field", e.field(), "message", e.message())).toList();
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", ex.getMessage(), errors);
    }

    @ExceptionHandler(NotFound.class)
    ResponseEntity<Object> handleNotFound(NotFound ex) {
        return problem(HttpStatus.NOT_FOUND, "Not found", ex.getMessage(), null);
    }

    @ExceptionHandler(Forbidden.class)
    ResponseEntity<Object> handleForbidden(Forbidden ex) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", ex.getMessage(), null);
    }

    @ExceptionHandler(Conflict.class)
    ResponseEntity<Object> handleConflict(Conflict ex) {
        ResponseEntity<Object> response = problem(HttpStatus.CONFLICT, "Conflict", ex.getMessage(), null);
        ex.properties().forEach(((ProblemDetail) response.getBody())::setProperty);
        return response;
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<Object> handleTooLarge(PayloadTooLargeException ex) {
        ResponseEntity<Object> response = problem(HttpStatus.CONTENT_TOO_LARGE, "Request too large", ex.getMessage(),
                null);
        ProblemDetail body = (ProblemDetail) response.getBody();
        body.setProperty("property", ex.property());
        body.setProperty("limitBytes", ex.limitBytes());
        return response;
    }

    /** A query string Tomcat cannot decode (say {@code ?cursor=%zz}): the client's error, not the server's. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> handleUndecodableParameter(InvalidParameterException ex) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", "the query string is not valid percent-encoded "
                + "UTF-8: encode every parameter value (e.g. '%' as %25)", null);
    }

    /** A multipart body that cannot be parsed (no boundary, truncated parts): the client's error, not the server's. */
    @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
    ResponseEntity<Object> handleMalformedMultipart(org.springframework.web.multipart.MultipartException ex) {
        if (ex instanceof org.springframework.web.multipart.MaxUploadSizeExceededException) {
            return problem(HttpStatus.CONTENT_TOO_LARGE, "Request too large", "the multipart body exceeds the upload "
                    + "size limit", null);
        }
        return problem(HttpStatus.BAD_REQUEST, "Malformed request body", "body: is not a well-formed "
                + "multipart/form-data body (a boundary parameter and complete parts are required)", null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex) {
        String reference = UUID.randomUUID().toString();
        log.error("unexpected error, reference {}", reference, ex);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "The server failed unexpectedly; quote reference " + reference + " when reporting it.", null)
                ;
    }

    private static JsonProblems.FieldProblem unreadable(HttpMessageNotReadableException ex) {
        JacksonException json = findCause(ex, JacksonException.class);
        if (json != null) {
            return JsonProblems.describe(json);
        }
        return new JsonProblems.FieldProblem("body", "is missing or unreadable");
    }

    private static String describe(List<Map<String, String>> errors) {
        StringBuilder sb = new StringBuilder();
        for (Map<String, String> error : errors) {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append(error.get("field")).append(": ").append(error.get("message"));
        }
        return sb.isEmpty() ? "request is invalid" : sb.toString();
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String title, String detail,
            List<Map<String, String>> errors) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setTitle(title);
        if (errors != null && !errors.isEmpty()) {
            body.setProperty("errors", errors);
        }
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    private static <T extends Throwable> T findCause(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
