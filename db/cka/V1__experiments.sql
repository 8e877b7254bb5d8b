-- MOSSA cka-service schema (PostgreSQL, schema "cka"; Flyway creates the schema and runs this file).
--
-- experiment        one submitted experiment: models, layers, pairing, progress and outcome
-- experiment_task   the experiment's tasks in submission order (ordinal), with their prompts
-- work_unit         one unit of work per task, claimed by workers with FOR UPDATE SKIP LOCKED and a lease
-- similarity_matrix the CKA values of one (experiment, task, comparison); written once, with the unit's DONE

CREATE TABLE experiment (
    id                 uuid PRIMARY KEY,
    name               text        NOT NULL,
    status             text        NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    definition         jsonb       NOT NULL,
    experimental_model text        NOT NULL,
    baseline_model     text,
    layers             integer[]   NOT NULL,
    layer_pairs        text        NOT NULL CHECK (layer_pairs IN ('same', 'all')),
    pooling            text        NOT NULL CHECK (pooling IN ('last', 'mean')),
    units_total        integer     NOT NULL CHECK (units_total >= 0),
    units_done         integer     NOT NULL DEFAULT 0 CHECK (units_done >= 0),
    failure            text,
    created_at         timestamptz NOT NULL,
    started_at         timestamptz,
    finished_at        timestamptz
);

CREATE INDEX experiment_created_idx ON experiment (created_at DESC, id);
CREATE INDEX experiment_status_created_idx ON experiment (status, created_at DESC);

CREATE TABLE experiment_task (
    id            uuid PRIMARY KEY,
    experiment_id uuid    NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    ordinal       integer NOT NULL CHECK (ordinal >= 0),
    name          text    NOT NULL,
    cluster       text    NOT NULL,
    control_model text    NOT NULL,
    n             integer NOT NULL CHECK (n >= 2),
    prompts       text[]  NOT NULL,
    CONSTRAINT experiment_task_ordinal_uq UNIQUE (experiment_id, ordinal),
    CONSTRAINT experiment_task_name_uq UNIQUE (experiment_id, name)
);

CREATE TABLE work_unit (
    id            uuid PRIMARY KEY,
    experiment_id uuid        NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    task_id       uuid        NOT NULL UNIQUE REFERENCES experiment_task (id) ON DELETE CASCADE,
    ordinal       integer     NOT NULL,
    state         text        NOT NULL CHECK (state IN ('PENDING', 'RUNNING', 'DONE', 'FAILED')),
    attempts      integer     NOT NULL DEFAULT 0,
    leased_by     text,
    leased_until  timestamptz,
    error         text,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

-- The claim query scans only claimable units.
CREATE INDEX work_unit_claimable_idx ON work_unit (state, leased_until) WHERE state IN ('PENDING', 'RUNNING');
CREATE INDEX work_unit_experiment_idx ON work_unit (experiment_id, ordinal);

CREATE TABLE similarity_matrix (
    id            uuid PRIMARY KEY,
    experiment_id uuid               NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    task_id       uuid               NOT NULL REFERENCES experiment_task (id) ON DELETE CASCADE,
    task          text               NOT NULL,
    cluster       text               NOT NULL,
    comparison    text               NOT NULL CHECK (comparison IN ('experimental', 'baseline')),
    model_x       text               NOT NULL,
    model_y       text               NOT NULL,
    layers_x      integer[]          NOT NULL,
    layers_y      integer[]          NOT NULL,
    -- 'same': values[i] = CKA(layers_x[i], layers_y[i]) (layers_x = layers_y);
    -- 'all' : values[i * cardinality(layers_y) + j] = CKA(layers_x[i], layers_y[j]) (row-major).
    pairing       text               NOT NULL CHECK (pairing IN ('same', 'all')),
    n             integer            NOT NULL CHECK (n >= 2),
    kernel        text               NOT NULL CHECK (kernel = 'linear'),
    estimator     text               NOT NULL CHECK (estimator = 'biased'),
    "values"      double precision[] NOT NULL,
    created_at    timestamptz        NOT NULL,
    CONSTRAINT similarity_matrix_uq UNIQUE (experiment_id, task, comparison)
);
