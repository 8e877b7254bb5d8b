package io.mossa.cka.similarity.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

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
import io.mossa.cka.similarity.kernel.RbfKernel;
import io.mossa.cka.similarity.service.SimilarityProperties;
import io.mossa.cka.similarity.service.SimilarityService;
import io.mossa.contract.WireName;
import io.mossa.contract.experiment.LayerPairing;
import io.mossa.contract.measure.CkaMeasure;
import io.mossa.contract.measure.EstimatorType;
import io.mossa.contract.measure.KernelType;
import io.mossa.contract.measure.Statistics;
import io.mossa.web.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

/** Stateless CKA on activations the caller brings: two NPY files in, a layer x layer matrix out. */
@RestController
public class SimilarityController {

    private static final Set<String> PARAMETERS = Set.of("kernel", "estimator", "rbfThreshold", "degree", "coef0",
            "permutations", "bootstrap", "confidence", "seed", "minibatch");

    private final SimilarityService similarity;
    private final SimilarityProperties properties;

    public SimilarityController(SimilarityService similarity, SimilarityProperties properties) {
        this.similarity = similarity;
        this.properties = properties;
    }

    @Operation(summary = "CKA between every layer of x and every layer of y",
            description = "x and y: NPY, float32 or float64, shape [n, p] or [layers, n, p]; row i of both must come "
                    + "from the same input. Without y, x is compared with itself. Computed in float64.")
    @PostMapping(path = "/v1/similarity", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public SimilarityResponse compare(HttpServletRequest request,
            @RequestPart(name = "x", required = false) MultipartFile x,
            @RequestPart(name = "y", required = false) MultipartFile y,
            @Parameter(description = "linear | rbf | polynomial") @RequestParam(defaultValue = "linear") String kernel,
            @Parameter(description = "biased | debiased") @RequestParam(defaultValue = "biased") String estimator,
            @Parameter(description = "RBF: sigma^2 = rbfThreshold^2 x median squared distance")
            @RequestParam(defaultValue = "1.0") double rbfThreshold,
            @Parameter(description = "polynomial: (x.y / p + coef0)^degree") @RequestParam(defaultValue = "3") int degree,
            @RequestParam(defaultValue = "1.0") double coef0,
            @Parameter(description = "permutation-test resamples (0 = none)") @RequestParam(defaultValue = "0")
            int permutations,
            @Parameter(description = "bootstrap resamples (0 = none)") @RequestParam(defaultValue = "0") int bootstrap,
            @RequestParam(defaultValue = "0.95") double confidence,
            @RequestParam(defaultValue = "0") long seed,
            @Parameter(description = "minibatch CKA batch size (0 = full batch)") @RequestParam(defaultValue = "0")
            int minibatch) throws InterruptedException {
        rejectUnknownParameters(request);
        long start = System.nanoTime();
        SimilarityOptions options;
        LayerStack xs;
        LayerStack ys;
        SimilarityResult result;
        try {
            KernelType kernelType = WireName.find(KernelType.class, kernel).orElseThrow(() -> new SimilarityException(
                    "kernel", "unknown kernel '" + kernel + "': expected " + WireName.names(KernelType.class)));
            EstimatorType estimatorType = WireName.find(EstimatorType.class, estimator).orElseThrow(() ->
                    new SimilarityException("estimator", "unknown estimator '" + estimator + "': expected "
                            + WireName.names(EstimatorType.class)));
            options = SimilarityOptions.of(new CkaMeasure(kernelType, estimatorType, rbfThreshold, degree, coef0),
                    new Statistics(permutations, bootstrap, confidence, seed), LayerPairing.ALL, minibatch);
            xs = NpyUpload.read("x", x, properties.maxValuesPerFile(), properties.maxLayers());
            // without y, the layers of x are compared with each other (a model's own layer x layer matrix)
            ys = y == null ? xs : NpyUpload.read("y", y, properties.maxValuesPerFile(), properties.maxLayers());
            result = similarity.compare(xs, ys, options, "api");
        } catch (SimilarityException e) {
            throw ApiProblem.unprocessable(e.field() + ": " + e.getMessage()).with("field", e.field());
        } catch (SimilarityService.BusyException e) {
            throw ApiProblem.unavailable("all similarity computation slots stayed busy; retry later",
                    e.retryAfterSeconds());
        }
        return response(result, options, (System.nanoTime() - start) / 1_000_000);
    }

    private static void rejectUnknownParameters(HttpServletRequest request) {
        for (String name : request.getParameterMap().keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw ApiProblem.badRequest(name + ": unknown parameter; known: " + String.join(", ",
                        PARAMETERS.stream().sorted().toList()));
            }
        }
    }

    private static SimilarityResponse response(SimilarityResult result, SimilarityOptions options, long elapsedMs) {
        Map<String, Object> kernel = new LinkedHashMap<>();
        kernel.put("name", options.kernel().name());
        if (options.kernel() instanceof RbfKernel rbf) {
            kernel.put("rbfThreshold", rbf.threshold());
        } else if (options.kernel() instanceof PolynomialKernel polynomial) {
            kernel.put("degree", polynomial.degree());
            kernel.put("coef0", polynomial.coef0());
        }
        SimilarityResponse.Interval interval = result.lower() == null ? null
                : new SimilarityResponse.Interval(options.confidence(), options.bootstrap(),
                        result.shape(result.lower()), result.shape(result.upper()));
        return new SimilarityResponse(result.matrix(), result.shape(result.pValues()), interval, result.n(),
                result.layersX(), result.layersY(), kernel, options.estimator().value(), result.method(),
                options.minibatch() > 0 ? options.minibatch() : null,
                options.permutations() > 0 ? options.permutations() : null, options.seed(),
                Map.of("x", result.constantX(), "y", result.constantY()), elapsedMs);
    }
}
