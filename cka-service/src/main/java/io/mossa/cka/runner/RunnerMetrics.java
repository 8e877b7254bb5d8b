package io.mossa.cka.runner;

import java.util.EnumMap;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.mossa.cka.experiment.UnitState;
import io.mossa.contract.experiment.ExperimentStatus;

/**
 * Gauges of the queue as the database sees it (all replicas): {@code mossa.cka.units{state}} and
 * {@code mossa.cka.experiments{status}}. Counts are read at most every 5 s, on scrape.
 */
@Component
public class RunnerMetrics {

    private static final long MAX_AGE_NANOS = 5_000_000_000L;

    private final JdbcClient jdbc;
    private Map<UnitState, Long> units = new EnumMap<>(UnitState.class);
    private Map<ExperimentStatus, Long> experiments = new EnumMap<>(ExperimentStatus.class);
    private long readAt;
    private boolean ok;

    public RunnerMetrics(DataSource dataSource, MeterRegistry registry) {
        this.jdbc = JdbcClient.create(dataSource);
        for (UnitState state : UnitState.values()) {
            Gauge.builder("mossa.cka.units", this, m -> m.units(state))
                    .tag("state", state.name())
                    .description("work units by state")
                    .register(registry);
        }
        for (ExperimentStatus status : ExperimentStatus.values()) {
            Gauge.builder("mossa.cka.experiments", this, m -> m.experiments(status))
                    .tag("status", status.name())
                    .description("experiments by status")
                    .register(registry);
        }
    }

    synchronized double units(UnitState state) {
        refresh();
        return ok ? units.getOrDefault(state, 0L) : Double.NaN;
    }

    synchronized double experiments(ExperimentStatus status) {
        refresh();
        return ok ? experiments.getOrDefault(status, 0L) : Double.NaN;
    }

    private void refresh() {
        long now = System.nanoTime();
        if (readAt != 0 && now - readAt < MAX_AGE_NANOS) {
            return;
        }
        readAt = now;
        try {
            Map<UnitState, Long> u = new EnumMap<>(UnitState.class);
            jdbc.sql("SELECT state, count(*) AS c FROM cka.work_unit GROUP BY state")
                    .query((rs, i) -> u.put(UnitState.valueOf(rs.getString("state")), rs.getLong("c")))
                    .list();
            Map<ExperimentStatus, Long> e = new EnumMap<>(ExperimentStatus.class);
            jdbc.sql("SELECT status, count(*) AS c FROM cka.experiment GROUP BY status")
                    .query((rs, i) -> e.put(ExperimentStatus.valueOf(rs.getString("status")), rs.getLong("c")))
                    .list();
            units = u;
            experiments = e;
            ok = true;
        } catch (RuntimeException ex) {
            ok = false;
        }
    }
}
