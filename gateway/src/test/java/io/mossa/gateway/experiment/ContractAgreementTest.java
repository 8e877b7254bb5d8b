package io.mossa.gateway.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.mossa.contract.ContractCase;
import io.mossa.contract.ContractViolation;
import io.mossa.gateway.GatewayProperties;
import io.mossa.gateway.model.ModelInfo;
import io.mossa.gateway.upstream.ExtractorClient;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's half of the agreement with cka-service: every row of the contract's table, submitted as a public
 * definition, gets the row's verdict from the planner, with inline tasks and over a stored task set (whose examples
 * the plan refers to). cka-service's ContractAgreementTest runs the same rows through POST /v1/experiments.
 */
class ContractAgreementTest {

    private static final List<ContractCase> CASES = ContractCase.ALL;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One usable model "m" with layers 0..2. */
    private static final ExtractorClient EXTRACTOR = new ExtractorClient(null) {
        @Override
        public List<ModelInfo> models() {
            return List.of(new ModelInfo("m", "onnx", "bert", 2, 8, "float32", 512, 100, null, false, true, null));
        }
    };
    private static final GatewayProperties LIMITS = new GatewayProperties(URI.create("http://x"),
            URI.create("http://y"), Duration.ofSeconds(1), Duration.ofSeconds(1), 1_000_000, 10, 100, 100, 1_000_000,
            Duration.ofSeconds(1), 1_000_000);

    private final ExperimentPlanner planner = new ExperimentPlanner(EXTRACTOR, new CatalogTaskSource(null), LIMITS);

    /** Stored task sets "n-examples" of one task "t" with n examples: the planner sees their heads only. */
    private static final TaskSource STORED = new TaskSource() {
        @Override
        public Optional<Version> find(String id, Integer version) {
            int n = Integer.parseInt(id.substring(0, id.indexOf('-')));
            return Optional.of(new Version(id, 1, List.of(new Task("t", "c", null, false, n, null))));
        }

        @Override
        public List<String> ids() {
            return List.of();
        }
    };

    @ParameterizedTest(name = "{0}")
    @FieldSource("CASES")
    void thePlannerGivesTheContractsVerdict(ContractCase row) {
        ObjectNode body = definition(row);
        body.putArray("tasks").addObject().put("name", "t").put("cluster", "c")
                .set("prompts", JSON.valueToTree(IntStream.range(0, row.examples()).mapToObj(i -> "p" + i).toList()));
        if (row.accepted()) {
            assertThatCode(() -> planner.plan(body)).doesNotThrowAnyException();
            return;
        }
        ContractViolation refused = catchThrowableOfType(ContractViolation.class, () -> planner.plan(body));
        assertThat(refused).as("refused").isNotNull();
        String field = row.part().equals("task") ? "tasks[0].prompts" : field(row);
        assertThat(refused.errors()).as(refused.getMessage())
                .contains(new ContractViolation.FieldError(field, row.message("similarity.estimator")));
    }

    /** The same rows over a stored task set's task, which the plan refers to: refused on taskSet, by name. */
    @ParameterizedTest(name = "{0}")
    @FieldSource("CASES")
    void thePlannerGivesTheContractsVerdictOverAStoredTaskSet(ContractCase row) {
        ObjectNode body = definition(row).put("taskSet", row.examples() + "-examples");
        ExperimentPlanner stored = new ExperimentPlanner(EXTRACTOR, STORED, LIMITS);
        if (row.accepted()) {
            assertThat(stored.plan(body).refersToData()).isTrue();
            return;
        }
        ContractViolation refused = catchThrowableOfType(ContractViolation.class, () -> stored.plan(body));
        assertThat(refused).as("refused").isNotNull();
        ContractViolation.FieldError expected = row.part().equals("task")
                ? new ContractViolation.FieldError("taskSet", "task 't' " + row.message("similarity.estimator"))
                : new ContractViolation.FieldError(field(row), row.message("similarity.estimator"));
        assertThat(refused.errors()).as(refused.getMessage()).contains(expected);
    }

    /** The row's measure (the similarity shorthand, or a list of measures) and statistics, without tasks. */
    private static ObjectNode definition(ContractCase row) {
        ObjectNode body = JSON.createObjectNode().put("name", row.name()).put("experimentalModel", "m")
                .put("controlModel", "m");
        if (row.measures() == null) {
            body.set("similarity", JSON.valueToTree(row.similarity()));
        } else {
            body.set("measures", JSON.valueToTree(row.measures()));
        }
        body.set("statistics", JSON.valueToTree(row.statistics()));
        return body;
    }

    /** The refused field of a row that is not about the task's size, as the public definition names it. */
    private static String field(ContractCase row) {
        return row.part().equals("measures") ? row.field() : row.part() + "." + row.field();
    }
}
