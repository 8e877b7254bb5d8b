-- Task sets: tasks with their examples and instruction templates (or ready prompts), versioned.
--
-- task_set          one row per task set id; latest_version is the row that creators lock (SELECT ... FOR UPDATE)
--                   to take the next version number, so concurrent creators queue instead of colliding
-- task_set_version  one immutable row per version: the document ({description, tasks}) the gateway validated.
--                   Experiments record (task_set_id, version), so a version must never change or disappear.

CREATE TABLE task_set (
    id             text        PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    latest_version integer     NOT NULL DEFAULT 0 CHECK (latest_version >= 0),
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

CREATE TABLE task_set_version (
    task_set_id text        NOT NULL REFERENCES task_set (id),
    version     integer     NOT NULL CHECK (version >= 1),
    document    jsonb       NOT NULL CHECK (jsonb_typeof(document) = 'object'
                                            AND jsonb_typeof(document -> 'tasks') = 'array'),
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (task_set_id, version)
);

-- Versions are immutable: the database refuses to change or delete one, whatever the application does.
CREATE FUNCTION task_set_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'task set versions are immutable (% version %)', OLD.task_set_id, OLD.version
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER task_set_version_immutable
    BEFORE UPDATE OR DELETE ON task_set_version
    FOR EACH ROW EXECUTE FUNCTION task_set_version_immutable();
