package io.mossa.gateway.similarity;

import io.mossa.contract.measure.MeasureType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.mossa.contract.measure.SimilarityResponse;
import io.mossa.gateway.GatewayProperties;
import io.mossa.web.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * The public face of cka-service's stateless {@code POST /v1/similarity}: the multipart body streams through
 * untouched (uploads can be hundreds of megabytes, so the gateway neither parses nor buffers them) and the answer,
 * results or problem+json, comes back as cka-service gave it.
 */
@RestController
public class SimilarityProxyController {

    private final HttpClient http;
    private final GatewayProperties properties;

    public SimilarityProxyController(GatewayProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The measures' conventions, as the contract's MeasureType declares them (X~, Y~: centred columns). */
    static final String MEASURES = "X is n x p, Y is n x q, rows paired; X~, Y~ have centred columns. "
            + "cka: similarity in [0, 1], kernel and estimator options. "
            + "cca: similarity in [0, 1], mean squared canonical correlation ||Q_Y^T Q_X||_F^2 / min(rank X~, rank Y~). "
            + "svcca: similarity in [0, 1], Raghu et al. 2017, mean canonical correlation after keeping the top "
            + "singular directions explaining svccaVariance of each side's variance. "
            + "pwcca: similarity in [0, 1], asymmetric, Morcos et al. 2018, canonical correlations weighted by "
            + "alpha_i ~ sum_j |<h_i, x~_j>| (weights from x). "
            + "procrustes: distance in [0, 2], Ding et al. 2021, 2 - 2 ||X~^T Y~||_* with unit Frobenius norms. "
            + "angular-shape: distance in [0, pi/2], Williams et al. 2021, arccos(||X~^T Y~||_*), unit norms. "
            + "rsa: similarity in [-1, 1], Kriegeskorte et al. 2008, Spearman correlation (average ranks) of the "
            + "upper triangles of the 1 - Pearson RDMs. "
            + "linear-regression: similarity in [0, 1], asymmetric, R^2 of predicting Y~ from X~. "
            + "knn-jaccard: similarity in [0, 1], mean Jaccard overlap of the k nearest neighbours by cosine. "
            + "mutual-knn: similarity in [0, 1], Huh et al. 2024, mean |N_X(i) & N_Y(i)| / k. "
            + "For a distance, smaller is more similar and permutation p-values use that tail.";

    /** The documented shape of the multipart body. */
    @Schema(name = "SimilarityUpload")
    record SimilarityUpload(
            @Schema(type = "string", format = "binary", description = "NPY, float32/float64, [n, p] or [layers, n, p]")
            String x,
            @Schema(type = "string", format = "binary", description = "NPY, float32/float64, [n, q] or [layers, n, q]")
            String y) {
    }

    @Operation(summary = "A similarity measure (CKA by default) between every layer of your own activations x and y "
            + "(bring your own NPY files)",
            description = "Row i of x and y must come from the same input. Answers matrix [layersX][layersY] of the "
                    + "chosen measure with its kind and range, plus pValues and interval when permutations / bootstrap "
                    + "are asked. Computed in float64. An option of another measure is refused (400).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                    schema = @Schema(implementation = SimilarityUpload.class))),
            responses = {
                @ApiResponse(responseCode = "200", description = "the similarity matrix, as cka-service answered it",
                        content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                schema = @Schema(implementation = SimilarityResponse.class))),
                @ApiResponse(responseCode = "400", description = "an unknown measure or parameter, or an option of "
                        + "another measure (problem+json names it)"),
                @ApiResponse(responseCode = "422", description = "a parameter or file is invalid, or the sizes exceed "
                        + "the memory budget or statistics limit (problem+json names it)"),
                @ApiResponse(responseCode = "413", description = "the upload exceeds the size limit"),
                @ApiResponse(responseCode = "503", description = "all computation slots busy; see Retry-After")})
    @Parameter(in = ParameterIn.QUERY, name = "measure", description = MEASURES, schema = @Schema(allowableValues = {
        "cka", "cca", "svcca", "pwcca", "procrustes", "angular-shape", "rsa", "linear-regression", "knn-jaccard",
        "mutual-knn"}, defaultValue = "cka"))
    @Parameter(in = ParameterIn.QUERY, name = "svccaVariance", description = "svcca only: the fraction of each side's "
            + "variance its kept directions explain, (0, 1]", schema = @Schema(type = "number", defaultValue = "0.99"))
    @Parameter(in = ParameterIn.QUERY, name = "k", description = "knn-jaccard and mutual-knn only: neighbours per "
            + "input, 1..n-1", schema = @Schema(type = "integer", defaultValue = "10"))
    @Parameter(in = ParameterIn.QUERY, name = "kernel", description = "cka only", schema = @Schema(allowableValues = {"linear", "rbf",
        "polynomial"}, defaultValue = "linear"))
    @Parameter(in = ParameterIn.QUERY, name = "estimator", schema = @Schema(allowableValues = {"biased", "debiased"},
            defaultValue = "biased"))
    @Parameter(in = ParameterIn.QUERY, name = "rbfThreshold", description = "sigma^2 = t^2 x median squared distance",
            schema = @Schema(type = "number", defaultValue = "1.0"))
    @Parameter(in = ParameterIn.QUERY, name = "degree", description = "polynomial: (x.y / p + coef0)^degree",
            schema = @Schema(type = "integer", defaultValue = "3"))
    @Parameter(in = ParameterIn.QUERY, name = "coef0", schema = @Schema(type = "number", defaultValue = "1.0"))
    @Parameter(in = ParameterIn.QUERY, name = "permutations", description = "permutation-test resamples (0 = none)",
            schema = @Schema(type = "integer", defaultValue = "0"))
    @Parameter(in = ParameterIn.QUERY, name = "bootstrap", description = "subsampling-interval resamples (0 = none; "
            + "cka with estimator=debiased, and rsa)",
            schema = @Schema(type = "integer", defaultValue = "0"))
    @Parameter(in = ParameterIn.QUERY, name = "confidence", schema = @Schema(type = "number", defaultValue = "0.95"))
    @Parameter(in = ParameterIn.QUERY, name = "seed", schema = @Schema(type = "integer", defaultValue = "0"))
    @Parameter(in = ParameterIn.QUERY, name = "minibatch", description = "minibatch CKA batch size (0 = full batch)",
            schema = @Schema(type = "integer", defaultValue = "0"))
    @PostMapping(path = "/api/v1/similarity", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<byte[]> compare(HttpServletRequest request) throws InterruptedException {
        String query = request.getQueryString();
        URI target = properties.ckaUrl().resolve("/v1/similarity" + (query == null ? "" : "?" + query));
        HttpRequest upstream = HttpRequest.newBuilder(target)
                .timeout(properties.similarityTimeout())
                .header(HttpHeaders.CONTENT_TYPE, request.getContentType())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body(request)))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(upstream, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw ApiProblem.unavailable("cka-service did not answer within " + properties.similarityTimeout()
                    + " (mossa.gateway.similarity-timeout)", 30);
        } catch (IOException | UncheckedIOException e) {
            throw ApiProblem.badGateway("cka-service could not be reached: " + e.getMessage());
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(response.statusCode());
        response.headers().firstValue(HttpHeaders.CONTENT_TYPE).ifPresent(type -> answer.header(HttpHeaders.CONTENT_TYPE,
                type));
        response.headers().firstValue(HttpHeaders.RETRY_AFTER).ifPresent(after -> answer.header(HttpHeaders.RETRY_AFTER,
                after));
        return answer.body(response.body());
    }

    private static InputStream body(HttpServletRequest request) {
        try {
            return request.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
