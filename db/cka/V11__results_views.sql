-- Results as a supported SQL interface (docs/grafana.md), for Grafana, notebooks and BI tools: the views of schema
-- "results", read by the role mossa_results_reader, which can read nothing else. The views are versioned with
-- these migrations: a later migration may add columns, never rename, retype or drop one; a change that would
-- break a query comes as new views beside these.
--
-- Only public experiments are in the views: a private experiment is readable only with its owner's API key,
-- which a dashboard does not have.
--
-- results.experiments  one row per public experiment
-- results.similarity   one row per (experiment, task, comparison, layer pair): the similarity value with its
--                      permutation p-value and confidence interval when the experiment asked for them

CREATE SCHEMA results;

CREATE VIEW results.experiments AS
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
       e.finished_at
  FROM cka.experiment e
 WHERE e.visibility = 'public';

COMMENT ON VIEW results.experiments IS 'MOSSA results interface v1: public experiments (docs/grafana.md)';

CREATE VIEW results.similarity AS
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
       -- the similarity measure; every value so far is CKA, with the kernel and estimator beside it
       'cka'::text  AS measure,
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

COMMENT ON VIEW results.similarity IS 'MOSSA results interface v1: one row per experiment, task, comparison and '
    'layer pair (docs/grafana.md)';

-- The reader role (no login until the operator or cka-service's mossa.results.reader-password gives it one).
-- Roles belong to the whole PostgreSQL cluster, so it may exist already; creating it needs CREATEROLE, which
-- a least-privileged migration user may lack: then the views still come, and docs/grafana.md says what to run.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mossa_results_reader') THEN
        CREATE ROLE mossa_results_reader NOLOGIN;
    END IF;
    GRANT USAGE ON SCHEMA results TO mossa_results_reader;
    GRANT SELECT ON results.experiments, results.similarity TO mossa_results_reader;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE WARNING 'cannot create role mossa_results_reader (no CREATEROLE): create it as docs/grafana.md shows';
END
$$;
