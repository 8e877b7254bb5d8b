package io.mossa.cka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.zaxxer.hikari.HikariDataSource;

import tools.jackson.databind.JsonNode;

/**
 * The "MOSSA results" Grafana dashboard (deployment/monitoring/grafana/dashboards/mossa-results.json) against the real database:
 * every query of every panel and template variable runs as the read-only role mossa_results_reader (as Grafana's
 * provisioned data source does), with the variables filled as Grafana fills them (a panel of the measure variable
 * once per measure of the experiment), and its numbers equal those computed here from the experiment API's results.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResultsDashboardTest extends ExperimentTestSupport {

    private static final Path DASHBOARD = Path.of("..", "deployment", "monitoring", "grafana", "dashboards", "mossa-results.json");

    private String experiment;
    private String privateExperiment;
    private JsonNode results;

    @BeforeAll
    void runAnExperimentWithBaselineClustersHeldOutTasksAndStatistics() throws Exception {
        String tag = UUID.randomUUID().toString();
        List<Map<String, Object>> tasks = new ArrayList<>();
        // 16 examples: rsa's intervals subsample 8
        tasks.add(clustered("sent-a", "sentiment", false, prompts("dash sent a " + tag, 16)));
        tasks.add(clustered("sent-b", "sentiment", false, prompts("dash sent b " + tag, 16)));
        tasks.add(clustered("sent-held", "sentiment", true, prompts("dash sent held " + tag, 16)));
        tasks.add(clustered("nli-a", "nli", false, prompts("dash nli a " + tag, 16)));
        tasks.add(clustered("nli-held", "nli", true, prompts("dash nli held " + tag, 16)));
        Map<String, Object> body = experiment("dashboard " + tag, tasks);
        body.put("baselineModel", "m-base");
        body.put("layers", List.of(0, 1, 2));
        body.put("measures", List.of(Map.of("measure", "cka", "estimator", "debiased"), Map.of("measure", "rsa")));
        body.put("permutations", 20);
        body.put("bootstrap", 20);
        body.put("seed", 3);
        experiment = submit(body);
        Map<String, Object> hidden = experiment("private " + tag, List.of(clustered("t", "c", false,
                prompts("dash private " + tag, 4))));
        hidden.put("owner", "key-dashboard");
        hidden.put("visibility", "private");
        privateExperiment = submit(hidden);
        awaitStatus(experiment, "SUCCEEDED");
        awaitStatus(privateExperiment, "SUCCEEDED");
        results = get("/v1/experiments/" + experiment + "/results").body().get("results");
        assertThat(results).hasSize(20);
    }

    @Test
    void everyQueryOfTheDashboardRunsAsTheReaderAndMatchesTheApi() throws Exception {
        JsonNode dashboard = JSON.readTree(Files.readString(DASHBOARD));
        assertThat(dashboard.get("title").asString()).isEqualTo("MOSSA results");
        try (Connection reader = reader()) {
            Map<String, List<Map<String, Object>>> variables = new LinkedHashMap<>();
            for (JsonNode variable : dashboard.at("/templating/list")) {
                assertThat(variable.at("/datasource/uid").asString()).isEqualTo("mossa-results");
                variables.put(variable.get("name").asString(),
                        query(reader, fill(variable.get("query").asString(), experiment, null, null)));
            }
            List<String> experiments = column(variables.get("experiment"), "__value");
            assertThat(experiments).contains(experiment).doesNotContain(privateExperiment);
            List<String> tasks = column(variables.get("task"), "task");
            assertThat(tasks).containsExactly("nli-a", "nli-held", "sent-a", "sent-b", "sent-held");
            List<String> measures = column(variables.get("measure"), "measure");
            assertThat(measures).as("the experiment's order: Grafana selects the first").containsExactly("cka", "rsa");

            int executed = 0;
            for (JsonNode panel : dashboard.get("panels")) {
                String title = panel.get("title").asString();
                for (JsonNode target : panel.get("targets")) {
                    assertThat(target.at("/datasource/uid").asString()).as(title).isEqualTo("mossa-results");
                    String sql = target.get("rawSql").asString();
                    // a repeated panel runs once per value of its variable, a panel of one measure once per measure
                    List<String> repeats = panel.has("repeat") ? tasks : java.util.Collections.singletonList(null);
                    List<String> ofMeasure = sql.contains("$measure") ? measures
                            : java.util.Collections.singletonList(null);
                    for (String task : repeats) {
                        for (String measure : ofMeasure) {
                            check(title, task, measure, query(reader, fill(sql, experiment, task, measure)));
                            executed++;
                        }
                    }
                }
            }
            assertThat(executed).isEqualTo(1 + 3 * measures.size() + tasks.size());
        }
    }

    @Test
    void theReaderSeesTheViewsAndNothingElse() throws Exception {
        try (Connection reader = reader()) {
            assertThat(query(reader, "SELECT count(*) AS n FROM results.similarity WHERE experiment_id = '"
                    + privateExperiment + "'").get(0).get("n")).isEqualTo(0L);
            assertThat(query(reader, "SELECT count(*) AS n FROM results.similarity WHERE experiment_id = '"
                    + experiment + "'").get(0).get("n")).isEqualTo(20L * 3);
            for (String table : List.of("cka.experiment", "cka.similarity_matrix", "cka.api_key",
                    "cka.webhook_subscription")) {
                assertThatThrownBy(() -> query(reader, "SELECT 1 FROM " + table)).as(table)
                        .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            }
            assertThatThrownBy(() -> query(reader, "DELETE FROM results.similarity")).isInstanceOf(SQLException.class);
        }
    }

    /** The rows of one panel against the API's results, recomputed here. */
    private void check(String title, String task, String measure, List<Map<String, Object>> rows) {
        switch (title) {
            case "Experiments" -> assertThat(rows).anySatisfy(row -> {
                assertThat(row.get("id")).isEqualTo(experiment);
                assertThat(row.get("status")).isEqualTo("SUCCEEDED");
                assertThat(row.get("B")).isEqualTo("m-base");
                assertThat(row.get("tasks_done")).isEqualTo(5);
                assertThat(row.get("measures")).isEqualTo("cka, rsa");
            }).noneSatisfy(row -> assertThat(row.get("id")).isEqualTo(privateExperiment));
            case "Per-layer $measure by cluster (E vs C_t)" -> assertSeries(rows, measure, Map.of(
                    "sentiment", r -> experimental(r) && cluster(r, "sentiment") && !heldOut(r),
                    "sentiment (held-out)", r -> experimental(r) && cluster(r, "sentiment") && heldOut(r),
                    "nli", r -> experimental(r) && cluster(r, "nli") && !heldOut(r),
                    "nli (held-out)", r -> experimental(r) && cluster(r, "nli") && heldOut(r)));
            case "E vs B per layer ($measure)" -> assertSeries(rows, measure, Map.of(
                    "E vs C_t", ResultsDashboardTest::experimental,
                    "B vs C_t", r -> !experimental(r)));
            case "Held-out vs trained tasks per layer ($measure, E vs C_t)" -> assertSeries(rows, measure, Map.of(
                    "trained", r -> experimental(r) && !heldOut(r),
                    "held-out", r -> experimental(r) && heldOut(r)));
            case "Task $task" -> {
                List<List<Object>> expected = new ArrayList<>();
                for (JsonNode result : results) {
                    if (!result.get("task").asString().equals(task)) {
                        continue;
                    }
                    for (JsonNode value : result.get("values")) {
                        expected.add(List.of(result.get("comparison").asString(), result.get("modelX").asString(),
                                result.get("modelY").asString(), value.get("layerX").asInt(),
                                value.get("layerY").asInt(), result.get("measure").asString(),
                                value.get("cka").asDouble(),
                                value.get("pValue").asDouble(), value.get("ciLow").asDouble(),
                                value.get("ciHigh").asDouble()));
                    }
                }
                List<List<Object>> actual = rows.stream().map(row -> List.of(row.get("comparison"),
                        row.get("model_x"), row.get("model_y"), row.get("layer_x"), row.get("layer_y"),
                        row.get("measure"), row.get("value"), row.get("p_value"), row.get("ci_low"),
                        row.get("ci_high"))).toList();
                // the same doubles, bit for bit: JSON and PostgreSQL both round-trip float64 exactly
                assertThat(actual).as(task).hasSize(12).containsExactlyInAnyOrderElementsOf(expected);
            }
            default -> throw new AssertionError("panel '" + title + "' has no check here: add one");
        }
    }

    /**
     * Rows (layer, series, value) equal, series by series, the mean at each layer over the API's matching results
     * of the measure.
     */
    private void assertSeries(List<Map<String, Object>> rows, String measure, Map<String, Predicate<JsonNode>> series) {
        Map<String, Map<Integer, Double>> actual = new TreeMap<>();
        for (Map<String, Object> row : rows) {
            actual.computeIfAbsent((String) row.get("series"), s -> new TreeMap<>())
                    .put((Integer) row.get("layer"), ((Number) row.get("value")).doubleValue());
        }
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(series.keySet());
        series.forEach((name, selects) -> {
            Map<Integer, List<Double>> values = new TreeMap<>();
            for (JsonNode result : results) {
                if (selects.test(result) && result.get("measure").asString().equals(measure)) {
                    for (JsonNode value : result.get("values")) {
                        if (value.get("layerX").asInt() == value.get("layerY").asInt()) {
                            values.computeIfAbsent(value.get("layerX").asInt(), l -> new ArrayList<>())
                                    .add(value.get("cka").asDouble());
                        }
                    }
                }
            }
            assertThat(actual.get(name).keySet()).as(name).containsExactly(0, 1, 2);
            values.forEach((layer, list) -> {
                double sum = 0;
                for (double v : list) {
                    sum += v;
                }
                assertThat(actual.get(name).get(layer)).as(name + " layer " + layer)
                        .isCloseTo(sum / list.size(), within(1e-12));
            });
        });
    }

    private static boolean experimental(JsonNode result) {
        return result.get("comparison").asString().equals("experimental");
    }

    private static boolean cluster(JsonNode result, String cluster) {
        return result.get("cluster").asString().equals(cluster);
    }

    private static boolean heldOut(JsonNode result) {
        return result.get("heldOut").asBoolean();
    }

    /** Grafana's interpolation of the single-value variables these queries use ('$name' inside quotes). */
    private static String fill(String sql, String experiment, String task, String measure) {
        String filled = sql.replace("${experiment}", experiment).replace("$experiment", experiment);
        if (measure != null) {
            filled = filled.replace("${measure}", measure).replace("$measure", measure);
        }
        if (task != null) {
            filled = filled.replace("${task}", task).replace("$task", task);
        }
        assertThat(filled).as("every variable filled").doesNotContain("$");
        return filled;
    }

    private Connection reader() throws SQLException {
        // the embedded server's URL names its superuser (?user=postgres), which would win over the user given here
        String url = ((HikariDataSource) dataSource).getJdbcUrl().replaceFirst("\\?.*$", "");
        Connection connection = DriverManager.getConnection(url, "mossa_results_reader", RESULTS_READER_PASSWORD);
        assertThat(query(connection, "SELECT current_user AS u").get(0).get("u")).isEqualTo("mossa_results_reader");
        return connection;
    }

    private static List<Map<String, Object>> query(Connection connection, String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (var statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<String> column(List<Map<String, Object>> rows, String name) {
        return rows.stream().map(row -> String.valueOf(row.get(name))).toList();
    }

    private static Map<String, Object> clustered(String name, String cluster, boolean heldOut, List<String> prompts) {
        Map<String, Object> task = task(name, "m-ctl", prompts);
        task.put("cluster", cluster);
        task.put("heldOut", heldOut);
        return task;
    }
}
