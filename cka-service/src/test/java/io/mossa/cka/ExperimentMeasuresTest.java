package io.mossa.cka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;

import io.mossa.cka.similarity.measure.Textbook;

import tools.jackson.databind.JsonNode;

/**
 * An experiment of several measures end to end over real HTTP and the real database: one fetch of each model's
 * activations, every measure per task, comparison and layer pair, each stored with its measure and checked
 * against the textbook computation of the fake extractor's own numbers; the results view carries the real measure.
 */
class ExperimentMeasuresTest extends ExperimentTestSupport {

    private static final int K = 3;

    @Test
    void everyMeasureIsComputedFromOneFetchAndStoredWithItsName() throws Exception {
        String tag = UUID.randomUUID().toString();
        List<String> prompts = prompts("measures " + tag, 10);
        Map<String, Object> body = experiment("measures " + tag, List.of(task("t", "m-ctl", prompts)));
        body.put("baselineModel", "m-base");
        body.put("layerPairs", "all");
        body.put("measures", List.of(Map.of("measure", "procrustes"), Map.of("measure", "cka"),
                Map.of("measure", "knn-jaccard", "k", K), Map.of("measure", "linear-regression")));
        body.put("permutations", 9);
        body.put("seed", 5);
        int callsBefore = EXTRACTOR.calls.size();
        String id = submit(body);
        JsonNode done = awaitStatus(id, "SUCCEEDED", "FAILED");
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");

        List<String> names = new ArrayList<>();
        done.get("measures").forEach(m -> names.add(m.get("measure").asString()));
        assertThat(names).containsExactly("procrustes", "cka", "knn-jaccard", "linear-regression");
        assertThat(done.get("measures").get(2).get("k").asInt()).isEqualTo(K);
        assertThat(done.get("measures").get(1).get("kernel").asString()).as("defaults filled in").isEqualTo("linear");
        assertThat(done.path("kernel").isNull() || done.path("kernel").isMissingNode())
                .as("no flat CKA options beside a list").isTrue();
        // each model's activations fetched once (in one or more chunks), whatever the number of measures
        Map<String, Integer> inputsFetched = new java.util.TreeMap<>();
        EXTRACTOR.calls.subList(callsBefore, EXTRACTOR.calls.size())
                .forEach(call -> inputsFetched.merge(call.model(), call.inputs(), Integer::sum));
        assertThat(inputsFetched).isEqualTo(Map.of("m-base", 10, "m-ctl", 10, "m-exp", 10));

        JsonNode results = get("/v1/experiments/" + id + "/results").body().get("results");
        assertThat(results).hasSize(2 * 4);
        List<String> order = new ArrayList<>();
        for (JsonNode result : results) {
            String measure = result.get("measure").asString();
            order.add(result.get("comparison").asString() + " " + measure);
            assertThat(result.get("kernel").isNull()).as(measure).isEqualTo(!measure.equals("cka"));
            String model = result.get("modelX").asString();
            for (JsonNode value : result.get("values")) {
                double[][] x = activations(model, prompts, value.get("layerX").asInt());
                double[][] y = activations("m-ctl", prompts, value.get("layerY").asInt());
                assertThat(value.get("cka").asDouble()).as("%s %s layer %d vs %d", measure, model,
                        value.get("layerX").asInt(), value.get("layerY").asInt())
                        .isCloseTo(textbook(measure).apply(x, y), within(1e-9));
                assertThat(value.get("pValue").asDouble()).isBetween(0.1, 1.0);
            }
        }
        assertThat(order).as("by comparison, then the experiment's order of measures").containsExactly(
                "experimental procrustes", "experimental cka", "experimental knn-jaccard",
                "experimental linear-regression", "baseline procrustes", "baseline cka", "baseline knn-jaccard",
                "baseline linear-regression");

        // E is an orthogonal map of the control, scaled: a distance of 0 on the same layer, so no permutation
        // comes as close, and p is the smallest possible, 1 / (1 + 9) - the tail of a distance is "smaller"
        JsonNode procrustes = results.get(0).get("values").get(0);
        assertThat(procrustes.get("cka").asDouble()).isCloseTo(0, within(1e-6));
        assertThat(procrustes.get("pValue").asDouble()).isEqualTo(0.1);

        assertThat(count("SELECT count(*) FROM results.similarity WHERE experiment_id = ?::uuid", id))
                .isEqualTo(2 * 4 * 4);
        assertThat(jdbc().sql("SELECT DISTINCT measure FROM results.similarity WHERE experiment_id = ?::uuid "
                        + "ORDER BY measure").param(id).query(String.class).list())
                .containsExactly("cka", "knn-jaccard", "linear-regression", "procrustes");
        assertThat(count("SELECT count(*) FROM results.similarity WHERE experiment_id = ?::uuid AND kernel IS NULL"
                + " AND measure <> 'cka'", id)).isEqualTo(2 * 3 * 4);
        assertThat(jdbc().sql("SELECT array_to_string(measures, ',') FROM results.experiments "
                + "WHERE experiment_id = ?::uuid").param(id).query(String.class).single())
                .isEqualTo("procrustes,cka,knn-jaccard,linear-regression");
    }

    @Test
    void anExperimentWithoutAListComputesCkaAloneAsBefore() throws Exception {
        String tag = UUID.randomUUID().toString();
        String id = submit(experiment("flat " + tag, List.of(task("t", "m-ctl", prompts("flat " + tag, 6)))));
        JsonNode done = awaitStatus(id, "SUCCEEDED");
        assertThat(done.get("kernel").asString()).isEqualTo("linear");
        assertThat(done.get("measures")).hasSize(1);
        assertThat(done.get("measures").get(0).get("measure").asString()).isEqualTo("cka");
        JsonNode result = get("/v1/experiments/" + id + "/results").body().get("results").get(0);
        assertThat(result.get("measure").asString()).isEqualTo("cka");
        assertThat(result.get("kernel").asString()).isEqualTo("linear");
        assertThat(jdbc().sql("SELECT array_to_string(measures, ',') FROM results.experiments "
                + "WHERE experiment_id = ?::uuid").param(id).query(String.class).single()).isEqualTo("cka");
    }

    @Test
    void flatCkaOptionsBesideAListAreRefused() {
        Map<String, Object> body = experiment("both", List.of(task("t", "m-ctl", prompts("both", 4))));
        body.put("kernel", "rbf");
        body.put("measures", List.of(Map.of("measure", "cca")));
        assertBadRequest(body, "measures");
    }

    private static BiFunction<double[][], double[][], Double> textbook(String measure) {
        return switch (measure) {
            case "procrustes" -> Textbook::procrustes;
            case "cka" -> ExperimentMeasuresTest::linearCka;
            case "knn-jaccard" -> (x, y) -> Textbook.knnJaccard(x, y, K);
            case "linear-regression" -> Textbook::linearRegression;
            default -> throw new AssertionError(measure);
        };
    }

    /** Linear CKA from centred features: ||Y~^T X~||_F^2 / (||X~^T X~||_F ||Y~^T Y~||_F). */
    private static double linearCka(double[][] x, double[][] y) {
        double[][] xc = Textbook.centred(x);
        double[][] yc = Textbook.centred(y);
        double xy = Textbook.frobenius(Textbook.cross(yc, xc));
        return xy * xy / (Textbook.frobenius(Textbook.cross(xc, xc)) * Textbook.frobenius(Textbook.cross(yc, yc)));
    }

    private static double[][] activations(String model, List<String> prompts, int layer) {
        double[][] out = new double[prompts.size()][];
        for (int i = 0; i < prompts.size(); i++) {
            float[] v = FakeExtractor.activation(model, prompts.get(i), layer);
            out[i] = new double[v.length];
            for (int c = 0; c < v.length; c++) {
                out[i][c] = v[c];
            }
        }
        return out;
    }
}
