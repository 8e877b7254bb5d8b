package io.mossa.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Prometheus scrapes all services; Grafana's provisioning and the MOSSA dashboard fit them. */
class MonitoringTest {

    private static Map<String, Set<String>> mossaSeries() {
        Map<String, Set<String>> series = new java.util.LinkedHashMap<>();
        for (String module : Repository.SERVICES) {
            MeterNames.read(Repository.file(module + "/src/main/java"),
                    MeterNames.histograms(Services.get(module).settings()), series);
        }
        return series;
    }

    private static Map<String, Object> dashboard() {
        return Json.parse(Repository.read(MonitoringChecks.GRAFANA_DASHBOARDS + "/mossa.json"));
    }

    @Test
    void prometheusScrapesEveryService() {
        assertThat(MonitoringChecks.scraping(Rendered.compose(),
                Yaml.parse(Repository.read(MonitoringChecks.PROMETHEUS_CONFIG)), Services.all())).isEmpty();
    }

    @Test
    void aServiceLeftOutOfPrometheusIsReported() {
        Map<String, Object> prometheus = Yaml.parse(Repository.read(MonitoringChecks.PROMETHEUS_CONFIG));
        Yaml.list(prometheus.get("scrape_configs")).removeIf(job -> "cka-service".equals(Yaml.at(job, "job_name")));
        assertThat(MonitoringChecks.scraping(Rendered.compose(), prometheus, Services.all()))
                .containsExactly("Prometheus does not scrape cka-service at /actuator/prometheus on port 8082");
    }

    @Test
    void grafanaIsProvisionedWithTheDashboardAndItsDatasource() {
        assertThat(MonitoringChecks.grafana(Rendered.compose(), datasources(), providers(), dashboard())).isEmpty();
    }

    @Test
    void aDashboardOnAnUnprovisionedDatasourceIsReported() {
        Map<String, Object> datasources = datasources();
        Yaml.maps(datasources.get("datasources")).get(0).put("uid", "other");
        assertThat(MonitoringChecks.grafana(Rendered.compose(), datasources, providers(), dashboard()))
                .anyMatch(p -> p.contains("uses datasource mossa-prometheus"));
    }

    @Test
    void dashboardQueriesSeriesTheServicesExpose() {
        Map<String, Set<String>> series = mossaSeries();
        // the meters README documents; if one is renamed, the dashboard must follow
        assertThat(series).containsKeys("mossa_extractor_tokens_total", "mossa_cka_units", "mossa_cka_experiments",
                "mossa_cka_units_completed_total", "mossa_cka_compute_seconds_count", "mossa_cka_compute_seconds_bucket");
        assertThat(series.get("mossa_cka_experiments")).containsExactly("status");
        assertThat(MonitoringChecks.dashboardQueries(dashboard(), series)).isEmpty();
    }

    @Test
    void aQueryOfAMissingSeriesOrLabelIsReported() {
        Map<String, Object> dashboard = dashboard();
        Map<String, Object> target = Yaml.maps(Yaml.maps(dashboard.get("panels")).get(1).get("targets")).get(0);
        target.put("expr", "max by (stage) (mossa_cka_work_units)");
        assertThat(MonitoringChecks.dashboardQueries(dashboard, mossaSeries()))
                .anyMatch(p -> p.contains("queries mossa_cka_work_units, which no service exposes"));
        target.put("expr", "max by (stage) (mossa_cka_units)");
        assertThat(MonitoringChecks.dashboardQueries(dashboard, mossaSeries()))
                .anyMatch(p -> p.contains("uses label stage"));
    }

    @Test
    void meterNamesFollowMicrometersPrometheusNaming() {
        Map<String, Set<String>> series = new java.util.LinkedHashMap<>();
        MeterNames.read("""
                Timer.builder("a.b").tag("model", id).register(r);
                registry.counter("c.d", "outcome", "done", "kind", k);
                Gauge.builder("e.f", this, x -> 1).tag("state", s).register(r);
                """, meter -> false, series);
        assertThat(series).containsOnlyKeys("a_b_seconds_count", "a_b_seconds_sum", "a_b_seconds_max",
                "c_d_total", "e_f");
        assertThat(series.get("c_d_total")).containsExactly("outcome", "kind");
        assertThat(series.get("a_b_seconds_sum")).containsExactly("model");
        assertThat(series.get("e_f")).isEqualTo(Set.copyOf(List.of("state")));
    }

    /** Buckets exist only for the meters whose histogram the service's configuration turns on, as Boot decides. */
    @Test
    void histogramBucketsFollowTheServicesDistributionSettings() {
        String source = """
                Timer.builder("a.b.c").tag("model", id).register(r);
                registry.timer("a.x", "kind", k);
                registry.summary("d.e");
                """;
        Map<String, Set<String>> series = new java.util.LinkedHashMap<>();
        MeterNames.read(source, MeterNames.histograms(Map.of(MeterNames.HISTOGRAM_SETTING + "a", "true",
                MeterNames.HISTOGRAM_SETTING + "a.x", "false")), series);
        assertThat(series).containsKey("a_b_c_seconds_bucket").doesNotContainKeys("a_x_seconds_bucket", "d_e_bucket");
        assertThat(series.get("a_b_c_seconds_bucket")).containsExactly("model", "le");
        series.clear();
        MeterNames.read(source, MeterNames.histograms(Map.of(MeterNames.HISTOGRAM_SETTING + "all", "true")), series);
        assertThat(series).containsKeys("a_b_c_seconds_bucket", "a_x_seconds_bucket", "d_e_bucket");
        series.clear();
        MeterNames.read(source, MeterNames.histograms(Map.of()), series);
        assertThat(series.keySet()).noneMatch(name -> name.endsWith("_bucket"));
    }

    private static Map<String, Object> datasources() {
        return Yaml.parse(Repository.read(MonitoringChecks.GRAFANA_PROVISIONING + "/datasources/prometheus.yml"));
    }

    private static Map<String, Object> providers() {
        return Yaml.parse(Repository.read(MonitoringChecks.GRAFANA_PROVISIONING + "/dashboards/mossa.yml"));
    }
}
