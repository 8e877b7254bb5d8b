package io.mossa.cka.webhook;

import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import io.mossa.cka.webhook.WebhookApi.AttemptView;
import io.mossa.cka.webhook.WebhookApi.CreatedWebhook;
import io.mossa.cka.webhook.WebhookApi.DeliveryView;
import io.mossa.cka.webhook.WebhookApi.WebhookView;
import io.mossa.contract.WireName;
import io.mossa.contract.webhook.WebhookEvent;
import io.mossa.web.problem.ApiProblem;

/** Subscriptions in cka.webhook_subscription and the delivery history of each (see V10__webhooks.sql). */
@Repository
public class SubscriptionStore {

    private static final String COLUMNS = "id, owner, url, events, experiment_id, created_at";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final int maxPerOwner;

    public SubscriptionStore(DataSource dataSource, WebhookProperties properties) {
        this.jdbc = JdbcClient.create(dataSource);
        this.maxPerOwner = properties.maxSubscriptionsPerOwner();
    }

    /** Stores a validated subscription with a new secret; 409 past the owner's limit, 400 for an unknown experiment. */
    @Transactional
    public CreatedWebhook create(String owner, SubscriptionRules.Valid subscription, UUID experimentId) {
        // one owner's creations queue here, so that concurrent ones cannot pass the limit together
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('webhook owner ' || coalesce(:owner, '')))")
                .param("owner", owner).query(Object.class).single();
        int held = jdbc.sql("SELECT count(*) FROM cka.webhook_subscription WHERE owner IS NOT DISTINCT FROM :owner")
                .param("owner", owner).query(Integer.class).single();
        if (held >= maxPerOwner) {
            throw ApiProblem.conflict("this API key has " + held + " webhooks, the limit "
                    + "(mossa.webhooks.max-subscriptions-per-owner); delete one first").with("limit", maxPerOwner);
        }
        UUID id = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String secret = newSecret();
        try {
            jdbc.sql("""
                            INSERT INTO cka.webhook_subscription (id, owner, url, events, experiment_id, secret, created_at)
                            VALUES (:id, :owner, :url, :events, :experiment, :secret, :created)
                            """)
                    .param("id", id).param("owner", owner).param("url", subscription.url().toString())
                    .param("events", new SqlArrayValue("text", subscription.events().stream().map(WebhookEvent::wire).toArray()))
                    .param("experiment", experimentId).param("secret", secret)
                    .param("created", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                    .update();
        } catch (DataIntegrityViolationException e) {
            // the only reference that can dangle: the experiment (deleted since the gateway checked it)
            throw ApiProblem.badRequest("experimentId: no experiment with id '" + experimentId + "'")
                    .with("errors", List.of(Map.of("field", "experimentId", "message", "no such experiment")));
        }
        return new CreatedWebhook(id, owner, subscription.url().toString(), subscription.events(), experimentId, now,
                secret);
    }

    /** Every subscription, or the owner's (null owner = every one), oldest first. */
    public List<WebhookView> list(Optional<String> owner) {
        return owner.map(o -> jdbc.sql("SELECT " + COLUMNS + " FROM cka.webhook_subscription WHERE owner = :owner"
                                + " ORDER BY created_at, id").param("owner", o))
                .orElseGet(() -> jdbc.sql("SELECT " + COLUMNS + " FROM cka.webhook_subscription ORDER BY created_at, id"))
                .query(SubscriptionStore::view).list();
    }

    public Optional<WebhookView> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM cka.webhook_subscription WHERE id = :id").param("id", id)
                .query(SubscriptionStore::view).optional();
    }

    /** Deletes the subscription with its deliveries, pending ones included; false when there was none. */
    public boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM cka.webhook_subscription WHERE id = :id").param("id", id).update() == 1;
    }

    /** The subscription's newest deliveries, each with its attempts in order. */
    @Transactional(readOnly = true)
    public List<DeliveryView> deliveries(UUID subscription, int limit) {
        Map<UUID, DeliveryView> deliveries = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT id, event_id, event, experiment_id, state, next_attempt_at, created_at, finished_at
                          FROM cka.webhook_delivery WHERE subscription_id = :id
                         ORDER BY created_at DESC, id LIMIT :limit
                        """)
                .param("id", subscription).param("limit", limit)
                .query((rs, i) -> {
                    DeliveryState state = DeliveryState.valueOf(rs.getString("state"));
                    UUID id = rs.getObject("id", UUID.class);
                    deliveries.put(id, new DeliveryView(id, rs.getObject("event_id", UUID.class),
                            WireName.find(WebhookEvent.class, rs.getString("event")).orElseThrow(),
                            rs.getObject("experiment_id", UUID.class), state,
                            state == DeliveryState.PENDING ? instant(rs, "next_attempt_at") : null,
                            instant(rs, "created_at"), instant(rs, "finished_at"), new ArrayList<>()));
                    return id;
                })
                .list();
        if (!deliveries.isEmpty()) {
            jdbc.sql("""
                            SELECT delivery_id, attempt, started_at, duration_ms, outcome, http_status, error
                              FROM cka.webhook_attempt WHERE delivery_id IN (:ids) ORDER BY delivery_id, attempt
                            """)
                    .param("ids", List.copyOf(deliveries.keySet()))
                    .query((rs, i) -> deliveries.get(rs.getObject("delivery_id", UUID.class)).attempts()
                            .add(new AttemptView(rs.getInt("attempt"), instant(rs, "started_at"),
                                    rs.getLong("duration_ms"), AttemptOutcome.valueOf(rs.getString("outcome")),
                                    (Integer) rs.getObject("http_status"), rs.getString("error"))))
                    .list();
        }
        return List.copyOf(deliveries.values());
    }

    private static WebhookView view(ResultSet rs, int row) throws SQLException {
        Array array = rs.getArray("events");
        List<WebhookEvent> events = new ArrayList<>();
        for (Object name : (Object[]) array.getArray()) {
            events.add(WireName.find(WebhookEvent.class, (String) name).orElseThrow());
        }
        return new WebhookView(rs.getObject("id", UUID.class), rs.getString("owner"), rs.getString("url"),
                List.copyOf(events), rs.getObject("experiment_id", UUID.class), instant(rs, "created_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    /** 256 random bits, prefixed so that a leaked secret is recognisable (e.g. by secret scanners). */
    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
