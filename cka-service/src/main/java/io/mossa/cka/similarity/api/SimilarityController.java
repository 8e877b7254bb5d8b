package io.mossa.cka.similarity.api;

import io.mossa.contract.measure.MeasureType;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.mossa.cka.similarity.LayerStack;
import io.mossa.cka.similarity.SimilarityException;
import io.mossa.cka.similarity.SimilarityOptions;
import io.mossa.cka.similarity.SimilarityResult;
import io.mossa.cka.similarity.kernel.PolynomialKernel;
import io.mossa.cka.similarity.measure.MeasureOptions;
import io.mossa.cka.similarity.kernel.RbfKernel;
import io.mossa.cka.similarity.service.SimilarityProperties;
import io.mossa.cka.similarity.service.SimilarityService;
import io.mossa.contract.WireName;
import io.mossa.contract.experiment.LayerPairing;
import io.mossa.contract.measure.CkaMeasure;
import io.mossa.contract.measure.EstimatorType;
import io.mossa.contract.measure.KernelType;
import io.mossa.contract.measure.SimilarityResponse;
import io.mossa.contract.measure.Statistics;
import io.mossa.web.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

/**
 * Stateless similarity on activations the caller brings: two NPY files in, a layer x layer matrix of the chosen
 * measure out. The measure's name and options are turned into typed options here, in one place.
 */
@RestController
public class SimilarityController {

    private final SimilarityService similarity;
    private final SimilarityProperties properties;

    public SimilarityController(SimilarityService similarity, SimilarityProperties properties) {
        this.similarity = similarity;
        this.properties = properties;
    }

    @Operation(summary = "A similarity measure (CKA by default) between every layer of x and every layer of y",
            description = "x and y: NPY, float32 or float64, shape [n, p] or [layers, n, p]; row i of both must come "
                    + "from the same input. Without y, x is compared with itself. Computed in float64. An option of "
                    + "another measure is refused (400); sizes above the memory budget or the statistics limit are "
                    + "refused (422). The measures' conventions are listed under the parameter 'measure' and in "
                    + "docs/measures.md.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "the similarity matrix")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "400", description = "a parameter is "
            + "malformed, or an option of another measure is given (problem+json names it)")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "422", description = "a parameter or file is "
            + "invalid, a size exceeds a limit, or the measure is undefined for these inputs (problem+json names it)")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "413", description = "the upload exceeds the "
            + "size limit")
    @PostMapping(path = "/v1/similarity", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public SimilarityResponse compare(HttpServletRequest request,
            @RequestPart(name = "x", required = false) MultipartFile x,
            @RequestPart(name = "y", required = false) MultipartFile y,
            @Parameter(description = "cka | cca | svcca | pwcca | procrustes | angular-shape | rsa | "
                    + "linear-regression | knn-jaccard | mutual-knn") @RequestParam(defaultValue = "cka")
            String measure,
            @Parameter(description = "cka: linear | rbf | polynomial") @RequestParam(defaultValue = "linear")
            String kernel,
            @Parameter(description = "cka: biased | debiased") @RequestParam(defaultValue = "biased")
            String estimator,
            @Parameter(description = "cka, rbf: sigma^2 = rbfThreshold^2 x median squared distance")
            @RequestParam(defaultValue = "1.0") double rbfThreshold,
            @Parameter(description = "cka, polynomial: (x.y / p + coef0)^degree") @RequestParam(defaultValue = "3")
            int degree,
            @RequestParam(defaultValue = "1.0") double coef0,
            @Parameter(description = "svcca: fraction of each side's variance the kept directions explain, (0, 1]")
            @RequestParam(defaultValue = "0.99") double svccaVariance,
            @Parameter(description = "knn-jaccard, mutual-knn: neighbours per input, 1..n-1")
            @RequestParam(defaultValue = "10") int k,
            @Parameter(description = "permutation-test resamples (0 = none)") @RequestParam(defaultValue = "0")
            int permutations,
            @Parameter(description = "subsampling-interval resamples (0 = none; cka with estimator=debiased, rsa)")
            @RequestParam(defaultValue = "0") int bootstrap,
            @RequestParam(defaultValue = "0.95") double confidence,
            @RequestParam(defaultValue = "0") long seed,
            @Parameter(description = "cka: minibatch CKA batch size (0 = full batch)") @RequestParam(defaultValue = "0")
            int minibatch) throws InterruptedException {
        MeasureType type = measureType(measure);
        rejectForeignParameters(request, type);
        long start = System.nanoTime();
        try {
            if (type == MeasureType.CKA) {
                KernelType kernelType = WireName.find(KernelType.class, kernel).orElseThrow(() ->
                        new SimilarityException("kernel", "unknown kernel '" + kernel + "': expected "
                                + WireName.names(KernelType.class)));
                EstimatorType estimatorType = WireName.find(EstimatorType.class, estimator).orElseThrow(() ->
                        new SimilarityException("estimator", "unknown estimator '" + estimator + "': expected "
                                + WireName.names(EstimatorType.class)));
                SimilarityOptions options = SimilarityOptions.of(
                        new CkaMeasure(kernelType, estimatorType, rbfThreshold, degree, coef0),
                        new Statistics(permutations, bootstrap, confidence, seed), LayerPairing.ALL, minibatch);
                LayerStack[] sides = read(x, y);
                SimilarityResult result = similarity.compare(sides[0], sides[1], options, "api");
                return ckaResponse(result, options, (System.nanoTime() - start) / 1_000_000);
            }
            MeasureOptions options = new MeasureOptions(type, LayerPairing.ALL, svccaVariance, k, permutations,
                    bootstrap, confidence, seed);
            LayerStack[] sides = read(x, y);
            SimilarityResult result = similarity.compare(sides[0], sides[1], options, "api");
            return measureResponse(result, options, (System.nanoTime() - start) / 1_000_000);
        } catch (SimilarityException e) {
            throw ApiProblem.unprocessable(e.field() + ": " + e.getMessage()).with("field", e.field());
        } catch (SimilarityService.BusyException e) {
            throw ApiProblem.unavailable("all similarity computation slots stayed busy; retry later",
                    e.retryAfterSeconds());
        }
    }

    private LayerStack[] read(MultipartFile x, MultipartFile y) {
        LayerStack xs = NpyUpload.read("x", x, properties.maxValuesPerFile(), properties.maxLayers());
        // without y, the layers of x are compared with each other (a model's own layer x layer matrix)
        LayerStack ys = y == null ? xs : NpyUpload.read("y", y, properties.maxValuesPerFile(), properties.maxLayers());
        return new LayerStack[] {xs, ys};
    }

    private static MeasureType measureType(String measure) {
        try {
            return MeasureType.of(measure);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("measure: " + e.getMessage()).with("field", "measure");
        }
    }

    /** Unknown parameters, and options of another measure, are refused rather than silently ignored. */
    private static void rejectForeignParameters(HttpServletRequest request, MeasureType type) {
        for (String name : request.getParameterMap().keySet()) {
            if (MeasureType.COMMON_OPTIONS.contains(name) || type.options().contains(name)) {
                continue;
            }
            String takers = MeasureType.taking(name);
            if (!takers.isEmpty()) {
                throw ApiProblem.badRequest(name + ": not an option of measure '" + type.wire() + "'; it applies to "
                        + takers).with("field", name);
            }
            Set<String> known = new TreeSet<>(MeasureType.COMMON_OPTIONS);
            for (MeasureType t : MeasureType.values()) {
                known.addAll(t.options());
            }
            throw ApiProblem.badRequest(name + ": unknown parameter; known: " + String.join(", ", known))
                    .with("field", name);
        }
    }

    private static SimilarityResponse ckaResponse(SimilarityResult result, SimilarityOptions options,
            long elapsedMs) {
        Map<String, Object> kernel = new LinkedHashMap<>();
        kernel.put("name", options.kernel().name());
        if (options.kernel() instanceof RbfKernel rbf) {
            kernel.put("rbfThreshold", rbf.threshold());
        } else if (options.kernel() instanceof PolynomialKernel polynomial) {
            kernel.put("degree", polynomial.degree());
            kernel.put("coef0", polynomial.coef0());
        }
        return response(result, MeasureType.CKA, null, kernel, options.estimator().value(),
                options.minibatch() > 0 ? options.minibatch() : null, options.permutations(), options.bootstrap(),
                options.confidence(), options.seed(), elapsedMs);
    }

    private static SimilarityResponse measureResponse(SimilarityResult result, MeasureOptions options,
            long elapsedMs) {
        Map<String, Object> own = new LinkedHashMap<>();
        if (options.type().options().contains("svccaVariance")) {
            own.put("svccaVariance", options.svccaVariance());
        }
        if (options.type().options().contains("k")) {
            own.put("k", options.k());
        }
        return response(result, options.type(), own.isEmpty() ? null : own, null, null, null, options.permutations(),
                options.bootstrap(), options.confidence(), options.seed(), elapsedMs);
    }

    private static SimilarityResponse response(SimilarityResult result, MeasureType type, Map<String, Object> options,
            Map<String, Object> kernel, String estimator, Integer minibatch, int permutations, int bootstrap,
            double confidence, long seed, long elapsedMs) {
        SimilarityResponse.Interval interval = result.lower() == null ? null
                : new SimilarityResponse.Interval(confidence, bootstrap, result.shape(result.lower()),
                        result.shape(result.upper()));
        return new SimilarityResponse(type.wire(), type.kind().wire(), new double[] {type.lower(), type.upper()},
                result.matrix(), result.shape(result.pValues()), interval, result.n(), result.layersX(),
                result.layersY(), options, kernel, estimator, result.method(), minibatch,
                permutations > 0 ? permutations : null, seed,
                Map.of("x", result.constantX(), "y", result.constantY()), elapsedMs);
    }
}
