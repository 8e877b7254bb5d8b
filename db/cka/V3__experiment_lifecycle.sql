-- Experiments as managed resources: the similarity measure and statistics each experiment asks for, prompt
-- formatting, provenance (task set), ownership, idempotent submission, and the CANCELLED state.
--
-- Lifecycle: PENDING -> RUNNING -> SUCCEEDED | FAILED | CANCELLED; a FAILED or CANCELLED experiment can be run
-- again (runs counts the runs), which keeps its DONE units and their matrices.

ALTER TABLE experiment DROP CONSTRAINT experiment_status_check;
ALTER TABLE experiment ADD CONSTRAINT experiment_status_check
    CHECK (status IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'));

ALTER TABLE work_unit DROP CONSTRAINT work_unit_state_check;
ALTER TABLE work_unit ADD CONSTRAINT work_unit_state_check
    CHECK (state IN ('PENDING', 'RUNNING', 'DONE', 'FAILED', 'CANCELLED'));

ALTER TABLE experiment
    -- the measure, as POST /v1/similarity takes it; kernel parameters only for their kernel
    ADD COLUMN kernel               text             NOT NULL DEFAULT 'linear'
        CHECK (kernel IN ('linear', 'rbf', 'polynomial')),
    ADD COLUMN rbf_threshold        double precision CHECK (rbf_threshold > 0),
    ADD COLUMN degree               integer          CHECK (degree >= 1),
    ADD COLUMN coef0                double precision,
    ADD COLUMN estimator            text             NOT NULL DEFAULT 'biased'
        CHECK (estimator IN ('biased', 'debiased')),
    ADD COLUMN permutations         integer          NOT NULL DEFAULT 0 CHECK (permutations >= 0),
    ADD COLUMN bootstrap            integer          NOT NULL DEFAULT 0 CHECK (bootstrap >= 0),
    ADD COLUMN confidence           double precision NOT NULL DEFAULT 0.95 CHECK (confidence > 0 AND confidence < 1),
    ADD COLUMN seed                 bigint           NOT NULL DEFAULT 0,
    -- how the extractor formats each prompt (part of the activation cache key)
    ADD COLUMN chat_template        boolean          NOT NULL DEFAULT false,
    ADD COLUMN system_prompt        text,
    ADD COLUMN task_set_id          text,
    ADD COLUMN task_set_version     integer,
    -- the API key id of the submitter (null: anonymous) and who may read the experiment
    ADD COLUMN owner                text,
    ADD COLUMN visibility           text             NOT NULL DEFAULT 'public'
        CHECK (visibility IN ('public', 'private')),
    -- Idempotency-Key of the create request and the SHA-256 of the request it came with
    ADD COLUMN idempotency_key      text,
    ADD COLUMN request_hash         text,
    ADD COLUMN runs                 integer          NOT NULL DEFAULT 1 CHECK (runs >= 1),
    -- the public definition as the user submitted it (definition holds the internal request as accepted)
    ADD COLUMN submitted_definition jsonb,
    ADD CONSTRAINT experiment_idempotency_hash_ck CHECK ((idempotency_key IS NULL) = (request_hash IS NULL));

-- one experiment per (owner, key); anonymous submitters (owner null) share one key space
CREATE UNIQUE INDEX experiment_idempotency_uq ON experiment (owner, idempotency_key) NULLS NOT DISTINCT
    WHERE idempotency_key IS NOT NULL;

-- the list's model filter: experiments where a model is E, B or a control
CREATE INDEX experiment_experimental_model_idx ON experiment (experimental_model);
CREATE INDEX experiment_baseline_model_idx ON experiment (baseline_model) WHERE baseline_model IS NOT NULL;
CREATE INDEX experiment_task_control_model_idx ON experiment_task (control_model, experiment_id);

ALTER TABLE experiment_task
    ADD COLUMN held_out boolean NOT NULL DEFAULT false,
    ADD COLUMN split    text;

-- the engine's kernels and estimators; p-values and interval bounds laid out like "values", null when not computed
ALTER TABLE similarity_matrix DROP CONSTRAINT similarity_matrix_kernel_check;
ALTER TABLE similarity_matrix DROP CONSTRAINT similarity_matrix_estimator_check;
ALTER TABLE similarity_matrix
    ADD CONSTRAINT similarity_matrix_kernel_check CHECK (kernel IN ('linear', 'rbf', 'polynomial')),
    ADD CONSTRAINT similarity_matrix_estimator_check CHECK (estimator IN ('biased', 'debiased')),
    ADD COLUMN p_values double precision[],
    ADD COLUMN ci_low   double precision[],
    ADD COLUMN ci_high  double precision[],
    ADD CONSTRAINT similarity_matrix_interval_ck CHECK ((ci_low IS NULL) = (ci_high IS NULL));
