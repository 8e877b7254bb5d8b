-- Experiments over a stored task set refer to its data instead of copying it (issue 12): the experiment records the
-- version (task_set_id, task_set_version, already there) and the choice of examples (the first n, or a seeded sample
-- of n); its tasks keep their labels and n but no prompts, which a unit reads from the task set's blocks when it runs.
-- Inline tasks and the gateway's built-in task sets still carry their prompts (bounded by the gateway's
-- mossa.gateway.max-inline-prompt-bytes).

ALTER TABLE experiment_task ALTER COLUMN prompts DROP NOT NULL;

ALTER TABLE experiment
    ADD COLUMN examples_per_task integer CHECK (examples_per_task >= 1),
    ADD COLUMN sampling_method   text    CHECK (sampling_method IN ('first', 'random')),
    ADD COLUMN sampling_seed     bigint,
    ADD CONSTRAINT experiment_sampling_ck CHECK ((examples_per_task IS NULL) = (sampling_method IS NULL)
                                                 AND (sampling_seed IS NULL OR sampling_method = 'random'));
