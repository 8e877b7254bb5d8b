package io.mossa.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * docker compose provisions Grafana's second data source, the results views of cka-service's PostgreSQL
 * (docs/grafana.md): as the read-only role, with the password cka-service gives that role, and the "MOSSA results"
 * dashboard queries nothing else.
 */
class ResultsDataSourceTest {

    private static final String DATASOURCES = MonitoringChecks.GRAFANA_PROVISIONING + "/datasources/mossa-results.yml";
    private static final String DASHBOARD = MonitoringChecks.GRAFANA_DASHBOARDS + "/mossa-results.json";
    private static final String PASSWORD = "MOSSA_RESULTS_READER_PASSWORD";

    @Test
    void grafanaReadsTheResultsViewsAsTheReaderWithThePasswordCkaServiceSets() {
        List<Map<String, Object>> sources = Yaml.maps(Yaml.parse(Repository.read(DATASOURCES)).get("datasources"));
        assertThat(sources).hasSize(1);
        Map<String, Object> source = sources.get(0);
        assertThat(source.get("type")).isEqualTo("grafana-postgresql-datasource");
        assertThat(source.get("user")).isEqualTo("mossa_results_reader");
        assertThat(Yaml.str(Yaml.at(source, "secureJsonData", "password"))).isEqualTo("${" + PASSWORD + "}");

        Map<String, Map<String, Object>> services = ComposeChecks.services(Rendered.compose());
        String database = Yaml.str(Yaml.at(services.get("postgres"), "environment", "POSTGRES_DB"));
        Map<String, String> grafana = ComposeChecks.variables(services.get("grafana"));
        assertThat(Provisioning.expand(Yaml.str(source.get("url")), grafana)).isEqualTo("postgres:5432");
        assertThat(Provisioning.expand(Yaml.str(Yaml.at(source, "jsonData", "database")), grafana)).isEqualTo(database);
        assertThat(Yaml.str(Yaml.at(services.get("cka-service"), "environment", "SPRING_DATASOURCE_URL")))
                .isEqualTo("jdbc:postgresql://postgres:5432/" + database);
        String granted = Yaml.str(Yaml.at(services.get("cka-service"), "environment", PASSWORD));
        assertThat(granted).isNotBlank();
        assertThat(Yaml.str(Yaml.at(services.get("grafana"), "environment", PASSWORD))).isEqualTo(granted);
    }

    @Test
    void everyQueryOfTheResultsDashboardUsesTheResultsDataSource() {
        Map<String, Object> dashboard = Json.parse(Repository.read(DASHBOARD));
        String uid = Yaml.str(Yaml.maps(Yaml.parse(Repository.read(DATASOURCES)).get("datasources")).get(0).get("uid"));
        int queries = 0;
        for (Map<String, Object> variable : Yaml.maps(Yaml.at(dashboard, "templating", "list"))) {
            assertThat(Yaml.str(Yaml.at(variable, "datasource", "uid"))).isEqualTo(uid);
            queries++;
        }
        for (Map<String, Object> panel : Yaml.maps(dashboard.get("panels"))) {
            assertThat(Yaml.str(Yaml.at(panel, "datasource", "uid"))).as(Yaml.str(panel.get("title"))).isEqualTo(uid);
            for (Map<String, Object> target : Yaml.maps(panel.get("targets"))) {
                assertThat(Yaml.str(Yaml.at(target, "datasource", "uid"))).isEqualTo(uid);
                assertThat(Yaml.str(target.get("rawSql"))).contains("FROM results.");
                queries++;
            }
        }
        assertThat(queries).isEqualTo(7);
    }
}
