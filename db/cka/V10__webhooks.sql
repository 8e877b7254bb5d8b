-- Webhooks: API keys subscribe to experiment events; every event is written to an outbox in the same transaction
-- as the experiment's state change (by the trigger below, whatever code changed the row), and delivery workers of
-- any replica claim outbox rows with FOR UPDATE SKIP LOCKED and a lease, as the unit runner claims work units.
--
-- webhook_subscription  one subscription: owner (API key id; NULL = the administrator), target URL, the events it
--                       wants, an optional single experiment, and the HMAC secret (kept in clear: signing needs it)
-- webhook_delivery      the outbox: one row per (event, subscription), with the exact JSON body to send; PENDING
--                       until delivered (SUCCEEDED) or given up after the configured attempts (FAILED)
-- webhook_attempt       every attempt of a delivery: when, how long, the outcome and the receiver's HTTP status

CREATE TABLE webhook_subscription (
    id            uuid PRIMARY KEY,
    owner         text,
    url           text        NOT NULL CHECK (length(url) BETWEEN 8 AND 2000),
    events        text[]      NOT NULL CHECK (cardinality(events) >= 1 AND events <@ ARRAY[
                      'experiment.succeeded', 'experiment.failed', 'experiment.cancelled', 'experiment.progress']),
    -- a subscription to one experiment ends with it
    experiment_id uuid REFERENCES experiment (id) ON DELETE CASCADE,
    secret        text        NOT NULL CHECK (length(secret) >= 32),
    created_at    timestamptz NOT NULL
);

CREATE INDEX webhook_subscription_owner_idx ON webhook_subscription (owner, created_at, id);
CREATE INDEX webhook_subscription_experiment_idx ON webhook_subscription (experiment_id)
    WHERE experiment_id IS NOT NULL;

CREATE TABLE webhook_delivery (
    id              uuid PRIMARY KEY,
    subscription_id uuid        NOT NULL REFERENCES webhook_subscription (id) ON DELETE CASCADE,
    -- one event fans out to several subscriptions: receivers deduplicate by event id
    event_id        uuid        NOT NULL,
    event           text        NOT NULL,
    -- no foreign key: the delivery of an experiment's last event outlives the experiment's deletion
    experiment_id   uuid        NOT NULL,
    payload         jsonb       NOT NULL,
    state           text        NOT NULL CHECK (state IN ('PENDING', 'SUCCEEDED', 'FAILED')),
    attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL,
    leased_by       text,
    leased_until    timestamptz,
    created_at      timestamptz NOT NULL,
    finished_at     timestamptz
);

-- the claim scans only deliveries still to make
CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE state = 'PENDING';
CREATE INDEX webhook_delivery_subscription_idx ON webhook_delivery (subscription_id, created_at DESC, id);

CREATE TABLE webhook_attempt (
    delivery_id uuid        NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    attempt     integer     NOT NULL CHECK (attempt >= 1),
    started_at  timestamptz NOT NULL,
    duration_ms bigint      NOT NULL CHECK (duration_ms >= 0),
    outcome     text        NOT NULL CHECK (outcome IN ('DELIVERED', 'HTTP_ERROR', 'TIMEOUT', 'CONNECTION_FAILED',
                                                        'ADDRESS_DENIED', 'UNRESOLVED_HOST')),
    http_status integer,
    error       text,
    PRIMARY KEY (delivery_id, attempt)
);

-- ISO 8601 in UTC with microseconds, whatever the session's TimeZone
CREATE FUNCTION webhook_time(t timestamptz) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

-- One event per finished state (SUCCEEDED, FAILED, CANCELLED) and per finished unit of a queued or running
-- experiment (progress); one outbox row per matching subscription: its owner's experiments (every experiment for
-- the administrator), or the one experiment it names, provided its owner may read it.
CREATE FUNCTION experiment_webhook_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    kind     text;
    event_id uuid := gen_random_uuid();
    body     jsonb;
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status AND NEW.status IN ('SUCCEEDED', 'FAILED', 'CANCELLED') THEN
        kind := 'experiment.' || lower(NEW.status);
    ELSIF NEW.units_done > OLD.units_done AND NEW.status IN ('PENDING', 'RUNNING') THEN
        kind := 'experiment.progress';
    ELSE
        RETURN NULL;
    END IF;
    body := jsonb_build_object(
        'id', event_id,
        'type', kind,
        'occurredAt', cka.webhook_time(now()),
        'experiment', jsonb_build_object(
            'id', NEW.id,
            'name', NEW.name,
            'status', NEW.status,
            'progress', jsonb_build_object('unitsDone', NEW.units_done, 'unitsTotal', NEW.units_total),
            'failure', NEW.failure,
            'runs', NEW.runs,
            'createdAt', cka.webhook_time(NEW.created_at),
            'startedAt', cka.webhook_time(NEW.started_at),
            'finishedAt', cka.webhook_time(NEW.finished_at)));
    INSERT INTO cka.webhook_delivery (id, subscription_id, event_id, event, experiment_id, payload, state,
                                      next_attempt_at, created_at)
    SELECT gen_random_uuid(), s.id, event_id, kind, NEW.id, body, 'PENDING', now(), now()
      FROM cka.webhook_subscription s
     WHERE kind = ANY (s.events)
       AND (s.experiment_id = NEW.id OR (s.experiment_id IS NULL AND (s.owner IS NULL OR s.owner = NEW.owner)))
       AND (s.owner IS NULL OR NEW.visibility = 'public' OR s.owner = NEW.owner);
    RETURN NULL;
END
$$;

CREATE TRIGGER experiment_webhook_events
    AFTER UPDATE OF status, units_done ON experiment
    FOR EACH ROW EXECUTE FUNCTION experiment_webhook_events();

-- Revoking an API key ends its webhooks, with their pending deliveries.
CREATE FUNCTION api_key_revoked_drops_webhooks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM cka.webhook_subscription WHERE owner = NEW.id::text;
    RETURN NULL;
END
$$;

CREATE TRIGGER api_key_revoked_drops_webhooks
    AFTER UPDATE OF revoked_at ON api_key
    FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
    EXECUTE FUNCTION api_key_revoked_drops_webhooks();
