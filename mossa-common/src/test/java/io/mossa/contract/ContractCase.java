package io.mossa.contract;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of a table ({@link #ALL}) of measure and statistics options, each with the verdict the contract gives:
 * accepted, or refused naming a field with a message. The gateway's and cka-service's tests run every row through
 * their own entry point (the public definition through the planner; the internal plan through POST
 * /v1/experiments) and both must reach the row's verdict, so the two services accept and refuse the same
 * definitions.
 *
 * @param similarity the measure's options as JSON names them (a wrong name is just a string here)
 * @param measures   a list of measures (each an object as JSON names it), or null for none
 * @param statistics the statistics' options, likewise
 * @param examples   how many prompts the one task has
 * @param part       where the refused field lives: "similarity", "statistics", "measures" (the field is then its
 *                   whole path, measures[1].k, the same in both services) or "task" (its prompts); null if accepted
 * @param field      the refused field within its part (null for "task": the task's prompts)
 * @param message    the message; {estimator} stands for the path of the estimator field in that service
 */
public record ContractCase(String name, Map<String, Object> similarity, List<Map<String, Object>> measures,
        Map<String, Object> statistics, int examples, String part, String field, String message) {

    public boolean accepted() {
        return part == null;
    }

    /** The message as a service with this estimator path words it. */
    public String message(String estimatorField) {
        return message.replace("{estimator}", estimatorField);
    }

    @Override
    public String toString() {
        return name;
    }

    public static final List<ContractCase> ALL = List.of(
            ok("the paper's measure: linear, biased, every default", map(), map(), 2),
            refused("one example is too few", map(), map(), 1, "task", null,
                    "must hold at least 2 examples (CKA needs two examples), has 1"),
            ok("rbf with its default threshold", map("kernel", "rbf"), map(), 4),
            refused("a negative rbf threshold", map("kernel", "rbf", "rbfThreshold", -1.0), map(), 4,
                    "similarity", "rbfThreshold", "must be a positive finite number, was -1.0"),
            refused("an rbf threshold for the linear kernel", map("rbfThreshold", 0.5), map(), 4,
                    "similarity", "rbfThreshold", "only applies to kernel 'rbf', the kernel is 'linear'"),
            ok("polynomial with degree and coef0", map("kernel", "polynomial", "degree", 2, "coef0", 0.5), map(), 4),
            refused("a degree past the limit", map("kernel", "polynomial", "degree", 11), map(), 4,
                    "similarity", "degree", "must be 1..10, was 11"),
            refused("coef0 for the rbf kernel", map("kernel", "rbf", "coef0", 2.0), map(), 4,
                    "similarity", "coef0", "only applies to kernel 'polynomial', the kernel is 'rbf'"),
            refused("a kernel the contract does not name", map("kernel", "cosine"), map(), 4,
                    "similarity", "kernel", "must be one of [linear, rbf, polynomial], was 'cosine'"),
            refused("an estimator the contract does not name", map("estimator", "unbiased"), map(), 4,
                    "similarity", "estimator", "must be one of [biased, debiased], was 'unbiased'"),
            refused("three examples for the debiased estimator", map("estimator", "debiased"), map(), 3, "task",
                    null, "must hold at least 4 examples (the debiased estimator needs 4 examples), has 3"),
            ok("four examples for the debiased estimator", map("estimator", "debiased"), map(), 4),
            refused("too many permutations", map(), map("permutations", 10_001), 4,
                    "statistics", "permutations", "must be 0..10000, was 10001"),
            ok("permutations with a seed, biased", map(), map("permutations", 10, "seed", 1), 2),
            refused("intervals with the biased estimator", map(), map("bootstrap", 10), 8, "statistics",
                    "bootstrap", "intervals need {estimator} 'debiased': biased CKA grows as n shrinks, so values "
                            + "on resampled inputs do not estimate the spread of the full-sample value"),
            refused("intervals on seven examples", map("estimator", "debiased"), map("bootstrap", 10), 7, "task",
                    null, "must hold at least 8 examples (bootstrap intervals subsample n/2 examples, and the "
                            + "debiased estimator needs 4), has 7"),
            ok("intervals on eight examples", map("estimator", "debiased"),
                    map("bootstrap", 10, "confidence", 0.9, "seed", 3), 8),
            refused("a confidence level without intervals", map(), map("confidence", 0.9), 4, "statistics",
                    "confidence", "only applies with bootstrap > 0 (it is the level of the intervals)"),
            refused("a confidence level of 1.5", map("estimator", "debiased"),
                    map("bootstrap", 10, "confidence", 1.5), 8, "statistics", "confidence",
                    "must be between 0 and 1 (exclusive), was 1.5"),
            refused("a seed without resampling", map(), map("seed", 3), 4, "statistics", "seed",
                    "only applies with permutations or bootstrap > 0"),
            // lists of measures (issue 16): one extraction, several measures
            ok("cka, procrustes and knn-jaccard with k = 3", List.of(map("measure", "cka", "kernel", "rbf"),
                    map("measure", "procrustes"), map("measure", "knn-jaccard", "k", 3)), map("permutations", 5), 4),
            refused("a measure the contract does not name", List.of(map("measure", "cosine")), map(), 4, "measures",
                    "measures[0].measure", "must be one of [cka, cca, svcca, pwcca, procrustes, angular-shape, rsa, "
                            + "linear-regression, knn-jaccard, mutual-knn], was 'cosine'"),
            refused("a measure without its name", List.of(map("k", 3)), map(), 4, "measures", "measures[0].measure",
                    "is required: one of cka, cca, svcca, pwcca, procrustes, angular-shape, rsa, linear-regression, "
                            + "knn-jaccard, mutual-knn"),
            refused("an empty list of measures", List.of(), map(), 4, "measures", "measures",
                    "must hold at least one measure (leave it out for CKA alone)"),
            refused("a measure twice", List.of(map("measure", "cka"), map("measure", "cca"), map("measure", "cka")),
                    map(), 4, "measures", "measures[2].measure",
                    "'cka' is already measures[0]; each measure may appear once"),
            refused("k for procrustes", List.of(map("measure", "procrustes", "k", 5)), map(), 8, "measures",
                    "measures[0].k", "not an option of measure 'procrustes'; it applies to knn-jaccard, mutual-knn"),
            refused("a kernel for cca", List.of(map("measure", "cca", "kernel", "rbf")), map(), 8, "measures",
                    "measures[0].kernel", "not an option of measure 'cca'; it applies to cka"),
            refused("svccaVariance above 1", List.of(map("measure", "svcca", "svccaVariance", 1.5)), map(), 8,
                    "measures", "measures[0].svccaVariance", "must be in (0, 1], was 1.5"),
            refused("k of 0", List.of(map("measure", "mutual-knn", "k", 0)), map(), 8, "measures", "measures[0].k",
                    "must be 1..9999 (and below the examples per task), was 0"),
            refused("k past any task's size", List.of(map("measure", "knn-jaccard", "k", Integer.MAX_VALUE)), map(), 8,
                    "measures", "measures[0].k", "must be 1..9999 (and below the examples per task), was "
                            + Integer.MAX_VALUE),
            refused("a cka degree past the limit in the list", List.of(map("measure", "cka", "kernel", "polynomial",
                    "degree", 11)), map(), 8, "measures", "measures[0].degree", "must be 1..10, was 11"),
            refused("k neighbours need k + 1 examples", List.of(map("measure", "cca"),
                    map("measure", "knn-jaccard", "k", 5)), map(), 5, "task", null,
                    "must hold at least 6 examples (knn-jaccard with k = 5 needs k + 1 examples (each example's "
                            + "neighbours are other examples)), has 5"),
            refused("intervals for procrustes", List.of(map("measure", "rsa"), map("measure", "procrustes")),
                    map("bootstrap", 10), 16, "statistics", "bootstrap", "subsampling intervals are not offered for "
                            + "measures[1].measure 'procrustes': its value on half of the inputs does not estimate "
                            + "its value on all of them; use permutations for significance"),
            refused("intervals for biased cka in the list", List.of(map("measure", "cka")), map("bootstrap", 10), 16,
                    "statistics", "bootstrap", "intervals need measures[0].estimator 'debiased': biased CKA grows "
                            + "as n shrinks, so values on resampled inputs do not estimate the spread of the "
                            + "full-sample value"),
            ok("rsa and debiased cka intervals on 16 examples", List.of(map("measure", "rsa"),
                    map("measure", "cka", "estimator", "debiased")), map("bootstrap", 10), 16),
            refused("rsa intervals on 15 examples", List.of(map("measure", "rsa")), map("bootstrap", 10), 15, "task",
                    null, "must hold at least 16 examples (rsa intervals subsample n/2 examples, at least 8), has 15"));

    private static ContractCase ok(String name, Map<String, Object> similarity, Map<String, Object> statistics,
            int examples) {
        return new ContractCase(name, similarity, null, statistics, examples, null, null, null);
    }

    private static ContractCase refused(String name, Map<String, Object> similarity,
            Map<String, Object> statistics, int examples, String part, String field, String message) {
        return new ContractCase(name, similarity, null, statistics, examples, part, field, message);
    }

    private static ContractCase ok(String name, List<Map<String, Object>> measures, Map<String, Object> statistics,
            int examples) {
        return new ContractCase(name, Map.of(), measures, statistics, examples, null, null, null);
    }

    private static ContractCase refused(String name, List<Map<String, Object>> measures,
            Map<String, Object> statistics, int examples, String part, String field, String message) {
        return new ContractCase(name, Map.of(), measures, statistics, examples, part, field, message);
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
