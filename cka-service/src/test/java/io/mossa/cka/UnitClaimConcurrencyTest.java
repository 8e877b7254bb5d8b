package io.mossa.cka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import io.mossa.cka.runner.ClaimedUnit;
import io.mossa.cka.runner.UnitStore;

/**
 * Several claimers, each claiming in its own transactions through {@link UnitStore} like separate replicas,
 * drain one experiment's units from the real PostgreSQL: no unit is ever held by two of them at once and
 * every unit is claimed exactly once. The service's own workers are off here, so only the claimers take units.
 */
@TestPropertySource(properties = "mossa.cka.workers=0")
class UnitClaimConcurrencyTest extends AbstractServiceTest {

    private static final int UNITS = 60;
    private static final int CLAIMERS = 8;

    @Autowired
    UnitStore store;

    @Autowired
    DataSource dataSource;

    record Claim(UUID unit, String claimer, long claimedAt, long releasedAt) {
    }

    @Test
    void claimersNeverShareAUnitAndClaimEachExactlyOnce() throws Exception {
        UUID experiment = submitExperiment();
        Map<UUID, String> holders = new ConcurrentHashMap<>();
        List<String> overlaps = new CopyOnWriteArrayList<>();
        List<Claim> claims = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(CLAIMERS);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int c = 0; c < CLAIMERS; c++) {
                String claimer = "replica-" + c;
                done.add(pool.submit(() -> {
                    start.await();
                    int mine = 0;
                    while (true) {
                        Optional<ClaimedUnit> claimed = store.claim(claimer, 30);
                        if (claimed.isEmpty()) {
                            return mine;
                        }
                        ClaimedUnit unit = claimed.get();
                        long claimedAt = System.nanoTime();
                        String other = holders.putIfAbsent(unit.id(), claimer);
                        if (other != null) {
                            overlaps.add(unit.id() + " held by " + other + " and " + claimer);
                        }
                        Thread.yield(); // hold the unit a moment so that a broken claim would be seen overlapping
                        if (!store.complete(unit, List.of())) {
                            overlaps.add(unit.id() + " was taken from " + claimer + " while it held the lease");
                        }
                        holders.remove(unit.id(), claimer);
                        claims.add(new Claim(unit.id(), claimer, claimedAt, System.nanoTime()));
                        mine++;
                    }
                }));
            }
            start.countDown();
            int total = 0;
            List<Integer> perClaimer = new ArrayList<>();
            for (Future<Integer> f : done) {
                int n = f.get(60, TimeUnit.SECONDS);
                perClaimer.add(n);
                total += n;
            }
            assertThat(overlaps).isEmpty();
            assertThat(total).isEqualTo(UNITS);
            assertThat(claims).extracting(Claim::unit).doesNotHaveDuplicates().hasSize(UNITS);
            // intervals of one unit never overlap: with one claim per unit this is the single-claim check over time
            Map<UUID, List<Claim>> byUnit = new LinkedHashMap<>();
            claims.forEach(c -> byUnit.computeIfAbsent(c.unit(), k -> new ArrayList<>()).add(c));
            byUnit.values().forEach(list -> assertThat(list).hasSize(1));
            assertThat(perClaimer.stream().filter(n -> n > 0).count()).as("claimers that got work: " + perClaimer)
                    .isGreaterThan(1);
        } finally {
            pool.shutdownNow();
        }
        JdbcClient jdbc = JdbcClient.create(dataSource);
        assertThat(jdbc.sql("SELECT count(*) FROM cka.work_unit WHERE experiment_id = ? AND state = 'DONE' "
                + "AND attempts = 1").param(experiment).query(Integer.class).single()).isEqualTo(UNITS);
        assertThat(get("/v1/experiments/" + experiment).body().get("status").asString()).isEqualTo("SUCCEEDED");
    }

    private UUID submitExperiment() {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (int t = 0; t < UNITS; t++) {
            tasks.add(Map.of("name", "task-" + t, "cluster", "c", "controlModel", "m-ctl",
                    "prompts", List.of("claim a " + t, "claim b " + t)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "concurrent claims");
        body.put("experimentalModel", "m-exp");
        body.put("layers", List.of(0));
        body.put("layerPairs", "same");
        body.put("pooling", "last");
        body.put("tasks", tasks);
        Response created = post("/v1/experiments", JSON.writeValueAsString(body));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return UUID.fromString(created.body().get("id").asString());
    }
}
