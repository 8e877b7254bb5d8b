-- Several measures per experiment (issue 16): an experiment may ask for a list of measures (cka, cca, procrustes,
-- rsa, knn-jaccard, ...), each computed from the same activations, and every result row says which measure it holds.
--
-- experiment.measures   the list with every default filled in, as the contract's MeasureSpec objects in order
--                       (the first is the default of plots and views); null: CKA alone with the flat kernel and
--                       estimator columns, as every experiment before this migration
-- experiment.kernel ... the CKA options when the experiment computes CKA; null when its list holds no cka
-- similarity_matrix     one row per (experiment, task, comparison, measure); kernel and estimator only for cka

ALTER TABLE experiment
    ADD COLUMN measures jsonb CHECK (measures IS NULL OR jsonb_typeof(measures) = 'array'),
    ALTER COLUMN kernel DROP NOT NULL,
    ALTER COLUMN estimator DROP NOT NULL,
    ADD CONSTRAINT experiment_cka_options_ck CHECK ((kernel IS NULL) = (estimator IS NULL)
        AND (measures IS NOT NULL OR kernel IS NOT NULL));

ALTER TABLE similarity_matrix
    ADD COLUMN measure text NOT NULL DEFAULT 'cka'
        CHECK (measure IN ('cka', 'cca', 'svcca', 'pwcca', 'procrustes', 'angular-shape', 'rsa',
                           'linear-regression', 'knn-jaccard', 'mutual-knn')),
    ALTER COLUMN kernel DROP NOT NULL,
    ALTER COLUMN estimator DROP NOT NULL,
    ADD CONSTRAINT similarity_matrix_cka_options_ck
        CHECK ((measure = 'cka') = (kernel IS NOT NULL) AND (kernel IS NULL) = (estimator IS NULL)),
    DROP CONSTRAINT similarity_matrix_uq,
    ADD CONSTRAINT similarity_matrix_uq UNIQUE (experiment_id, task, comparison, measure);

-- every row written from now on names its measure
ALTER TABLE similarity_matrix ALTER COLUMN measure DROP DEFAULT;

-- The results views (docs/grafana.md) keep every column, name and type: results.similarity's measure column, so
-- far the constant 'cka', is now the row's own measure; results.experiments gains the list of measure names.
CREATE OR REPLACE VIEW results.experiments AS
SELECT e.id               AS experiment_id,
       e.name             AS experiment_name,
       e.status,
       e.experimental_model,
       e.baseline_model,
       e.layer_pairs,
       e.pooling,
       e.kernel,
       e.estimator,
       e.permutations,
       e.bootstrap,
       e.confidence,
       e.task_set_id,
       e.task_set_version,
       e.units_done       AS tasks_done,
       e.units_total      AS tasks_total,
       e.runs,
       e.created_at,
       e.started_at,
       e.finished_at,
       -- the measures' names in the experiment's order
       CASE WHEN e.measures IS NULL THEN ARRAY['cka']
            ELSE ARRAY(SELECT m ->> 'measure' FROM jsonb_array_elements(e.measures) WITH ORDINALITY AS l(m, i)
                        ORDER BY i) END AS measures
  FROM cka.experiment e
 WHERE e.visibility = 'public';

CREATE OR REPLACE VIEW results.similarity AS
SELECT m.experiment_id,
       e.name       AS experiment_name,
       m.task,
       m.cluster,
       t.held_out,
       t.split,
       -- 'experimental' (E vs the task's control C_t) or 'baseline' (B vs C_t)
       m.comparison,
       m.model_x,
       m.model_y,
       CASE WHEN m.pairing = 'same' THEN m.layers_x[k]
            ELSE m.layers_x[(k - 1) / cardinality(m.layers_y) + 1] END AS layer_x,
       CASE WHEN m.pairing = 'same' THEN m.layers_y[k]
            ELSE m.layers_y[(k - 1) % cardinality(m.layers_y) + 1] END AS layer_y,
       -- the measure of the row; kernel and estimator are cka's options (null for the other measures)
       m.measure,
       m.kernel,
       m.estimator,
       m.n,
       m."values"[k] AS value,
       m.p_values[k] AS p_value,
       m.ci_low[k]   AS ci_low,
       m.ci_high[k]  AS ci_high,
       e.confidence,
       m.created_at
  FROM cka.similarity_matrix m
  JOIN cka.experiment e ON e.id = m.experiment_id AND e.visibility = 'public'
  JOIN cka.experiment_task t ON t.id = m.task_id
 CROSS JOIN LATERAL generate_subscripts(m."values", 1) AS k;
