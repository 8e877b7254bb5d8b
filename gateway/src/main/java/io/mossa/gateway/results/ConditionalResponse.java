package io.mossa.gateway.results;

import java.util.function.Supplier;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.mossa.gateway.experiment.ExperimentResults;

/**
 * Responses with a strong ETag ({@link ResultsEtag}) and Cache-Control: no-cache, so that clients revalidate
 * and get 304 Not Modified while the results stay the same. Extra headers come in name, value pairs.
 */
final class ConditionalResponse {

    private ConditionalResponse() {
    }

    /** Answers 304 when the client holds this representation already; the body is built only when needed. */
    static <T> ResponseEntity<T> of(String ifNoneMatch, String representation,
            ExperimentResults results, MediaType type, Supplier<T> body, String... headerPairs) {
        String etag = ResultsEtag.of(representation, results);
        boolean notModified = ResultsEtag.matches(ifNoneMatch, etag);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(notModified ? HttpStatus.NOT_MODIFIED : HttpStatus.OK)
                .eTag(etag).cacheControl(CacheControl.noCache());
        for (int i = 0; i < headerPairs.length; i += 2) {
            response.header(headerPairs[i], headerPairs[i + 1]);
        }
        if (notModified) {
            return response.build();
        }
        return response.contentType(type).body(body.get());
    }
}
