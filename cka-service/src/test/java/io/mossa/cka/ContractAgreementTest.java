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
 * POST /v1/experiments as the gateway sends a plan (the options flat in the body), gets the row's verdict. The
 * gateway's ContractAgreementTest runs the same rows through its planner.
 */
class ContractAgreementTest extends ExperimentTestSupport {

    private static final List<ContractCase> CASES = ContractCase.ALL;

    @ParameterizedTest(name = "{0}")
    @FieldSource("CASES")
    void submissionGetsTheContractsVerdict(ContractCase row) {
        Map<String, Object> body = experiment(row.name(), List.of(task("t", "m-ctl", prompts("agreement",
                row.examples()))));
        body.putAll(row.similarity());
        if (row.measures() != null) {
            body.put("measures", row.measures());
        }
        body.putAll(row.statistics());
        Response response = create(body);
        if (row.accepted()) {
            assertThat(response.status()).as(response.text()).isEqualTo(201);
            return;
        }
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        String field = row.part().equals("task") ? "tasks[0].prompts" : row.field();
        List<Map<String, String>> errors = new ArrayList<>();
        response.body().get("errors").forEach(e -> errors.add(Map.of("field", e.get("field").asString(),
                "message", e.get("message").asString())));
        assertThat(errors).as(response.text()).contains(Map.of("field", field, "message", row.message("estimator")));
    }
}
