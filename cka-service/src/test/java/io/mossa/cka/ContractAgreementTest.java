package io.mossa.cka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.mossa.contract.ContractCase;

/**
 * cka-service's half of the agreement with the gateway: every row of the contract's table, posted to
 * POST /v1/experiments as the gateway sends a plan (the options flat in the body), gets the row's verdict, with the
 * prompts in the plan and as a reference to a stored task set's examples. The gateway's ContractAgreementTest runs
 * the same rows through its planner.
 */
class ContractAgreementTest extends ExperimentTestSupport {

    private static final List<ContractCase> CASES = ContractCase.ALL;

    @ParameterizedTest(name = "{0}")
    @FieldSource("CASES")
    void submissionGetsTheContractsVerdict(ContractCase row) {
        Map<String, Object> body = experiment(row.name(), List.of(task("t", "m-ctl", prompts("agreement",
                row.examples()))));
        assertVerdict(row, body, "tasks[0].prompts", "");
    }

    /**
     * The same rows as a plan referring to a stored task set's task "t" with the row's number of examples: the
     * reference is counted against the store and refused on taskSet, by name, as the gateway's planner does.
     */
    @ParameterizedTest(name = "{0}")
    @FieldSource("CASES")
    void aReferenceToStoredExamplesGetsTheContractsVerdict(ContractCase row) {
        String setId = "agreement-" + row.examples();
        Response stored = post("/v1/task-sets/" + setId + "/versions", JSON.writeValueAsString(Map.of("document",
                Map.of("tasks", List.of(Map.of("name", "t", "cluster", "c", "prompts",
                        prompts("agreement", row.examples())))))));
        assertThat(stored.status()).as(stored.text()).isIn(200, 201);
        Map<String, Object> body = experiment(row.name(), List.of(Map.of("name", "t", "cluster", "c",
                "controlModel", "m-ctl")));
        body.put("taskSetId", setId);
        body.put("taskSetVersion", 1);
        assertVerdict(row, body, "taskSet", "task 't' ");
    }

    /**
     * Posts the plan with the row's options and checks its verdict; a refusal of the task's examples is expected on
     * {@code taskField}, its message after {@code taskPrefix}.
     */
    private void assertVerdict(ContractCase row, Map<String, Object> body, String taskField, String taskPrefix) {
        body.putAll(row.similarity());
        body.putAll(row.statistics());
        Response response = create(body);
        if (row.accepted()) {
            assertThat(response.status()).as(response.text()).isEqualTo(201);
            return;
        }
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        Map<String, String> expected = row.part().equals("task")
                ? Map.of("field", taskField, "message", taskPrefix + row.message("estimator"))
                : Map.of("field", row.field(), "message", row.message("estimator"));
        List<Map<String, String>> errors = new ArrayList<>();
        response.body().get("errors").forEach(e -> errors.add(Map.of("field", e.get("field").asString(),
                "message", e.get("message").asString())));
        assertThat(errors).as(response.text()).contains(expected);
    }
}
