package io.mossa.cka.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The outbox of deliveries in cka.webhook_delivery. A claim takes the most overdue PENDING delivery that no live
 * lease holds ({@code FOR UPDATE SKIP LOCKED}), so delivery threads of any number of replicas share the outbox; a
 * delivery whose worker died is claimed again once its lease expires, which is what makes delivery at least once.
 */
@Repository
public class DeliveryStore {

    private final JdbcClient jdbc;

    public DeliveryStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** A claimed delivery: what to send where, and which attempt this is. */
    public record Claimed(UUID id, UUID eventId, String event, String body, int attempt, String url, String secret,
            String worker) {
    }

    @Transactional
    public Optional<Claimed> claim(String worker, Duration lease) {
        return jdbc.sql("""
                        UPDATE cka.webhook_delivery d
                           SET leased_by = :worker, leased_until = now() + make_interval(secs => :lease),
                               attempts = d.attempts + 1
                          FROM (SELECT id FROM cka.webhook_delivery
                                 WHERE state = 'PENDING' AND next_attempt_at <= now()
                                   AND (leased_until IS NULL OR leased_until < now())
                                 ORDER BY next_attempt_at, id
                                 LIMIT 1
                                 FOR UPDATE SKIP LOCKED) c,
                               cka.webhook_subscription s
                         WHERE d.id = c.id AND s.id = d.subscription_id
                        RETURNING d.id, d.event_id, d.event, d.payload::text AS body, d.attempts, s.url, s.secret
                        """)
                .param("worker", worker)
                .param("lease", lease.toMillis() / 1000.0)
                .query((rs, i) -> new Claimed(rs.getObject("id", UUID.class), rs.getObject("event_id", UUID.class),
                        rs.getString("event"), rs.getString("body"), rs.getInt("attempts"), rs.getString("url"),
                        rs.getString("secret"), worker))
                .optional();
    }

    /**
     * Records the attempt and moves the delivery on: SUCCEEDED, FAILED, or PENDING again for
     * {@code retryIn} (by the database's clock, which every replica's claims compare with).
     * The attempt is recorded even when the lease was lost meanwhile (it happened); the state changes only while
     * this worker holds the delivery. Returns whether it did.
     */
    @Transactional
    public boolean finish(Claimed delivery, SendResult result, Instant startedAt, DeliveryState next,
            Duration retryIn) {
        jdbc.sql("""
                        INSERT INTO cka.webhook_attempt (delivery_id, attempt, started_at, duration_ms, outcome,
                                                         http_status, error)
                        VALUES (:id, :attempt, :started, :duration, :outcome, :status, :error)
                        ON CONFLICT DO NOTHING
                        """)
                .param("id", delivery.id()).param("attempt", delivery.attempt())
                .param("started", OffsetDateTime.ofInstant(startedAt, ZoneOffset.UTC))
                .param("duration", result.duration().toMillis()).param("outcome", result.outcome().name())
                .param("status", result.httpStatus()).param("error", result.error())
                .update();
        return jdbc.sql("""
                        UPDATE cka.webhook_delivery
                           SET state = :state, leased_by = NULL, leased_until = NULL,
                               next_attempt_at = now() + make_interval(secs => :retry_in),
                               finished_at = CASE WHEN :state = 'PENDING' THEN NULL ELSE now() END
                         WHERE id = :id AND leased_by = :worker AND state = 'PENDING'
                        """)
                .param("state", next.name())
                .param("retry_in", retryIn.toMillis() / 1000.0)
                .param("id", delivery.id()).param("worker", delivery.worker())
                .update() == 1;
    }

    /** Deliveries still to make, in every replica: the outbox depth. */
    public long pending() {
        return jdbc.sql("SELECT count(*) FROM cka.webhook_delivery WHERE state = 'PENDING'").query(Long.class).single();
    }
}
