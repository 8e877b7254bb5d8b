-- Task-set versions stored so that a version costs what changed (issue 12).
--
-- V4 stored every version as one jsonb document with all tasks' examples: a change to one task of 60 copied the
-- other 59. Now a task's examples (or ready prompts) are an immutable, content-addressed block of rows, and a
-- version is a list of task heads that each refer to a block. A new version that leaves a task alone refers to
-- the same block as its parent; uploading the same rows twice finds the existing block by its digest.
--
-- example_block     one block of rows: its SHA-256 digest (over every row's text followed by a line feed, in
--                   order), its row count and the UTF-8 bytes of its rows
-- example_row       one row of a block: an example as a JSON object, or a ready prompt as a JSON string, in the
--                   block's order (ordinal 0, 1, ...), stored as the JSON text to be sent back unchanged
-- task_set_task     the tasks of one version, in order: name, cluster, split, held-out flag, description,
--                   templates (null: the block holds ready prompts) and the block they read their rows from
-- task_set_version  keeps one row per version (experiments refer to it); its description moves to a column and
--                   the document column is dropped once its content has been moved into blocks

CREATE TABLE example_block (
    id         bigserial PRIMARY KEY,
    -- null only while the block is being written in the transaction that creates it
    digest     bytea UNIQUE CHECK (digest IS NULL OR length(digest) = 32),
    row_count  integer NOT NULL CHECK (row_count >= 0),
    byte_count bigint  NOT NULL CHECK (byte_count >= 0)
);

CREATE TABLE example_row (
    block_id bigint  NOT NULL REFERENCES example_block (id) ON DELETE CASCADE,
    ordinal  integer NOT NULL CHECK (ordinal >= 0),
    value    text    NOT NULL,
    PRIMARY KEY (block_id, ordinal)
);

CREATE TABLE task_set_task (
    task_set_id text    NOT NULL,
    version     integer NOT NULL,
    position    integer NOT NULL CHECK (position >= 0),
    name        text    NOT NULL,
    cluster     text    NOT NULL,
    split       text,
    held_out    boolean NOT NULL,
    description text,
    templates   jsonb CHECK (templates IS NULL OR jsonb_typeof(templates) = 'array'),
    block_id    bigint  NOT NULL REFERENCES example_block (id),
    PRIMARY KEY (task_set_id, version, position),
    FOREIGN KEY (task_set_id, version) REFERENCES task_set_version (task_set_id, version)
);

CREATE INDEX task_set_task_block_idx ON task_set_task (block_id);

ALTER TABLE task_set_version ADD COLUMN description text;

-- Move every stored document into blocks. Equal row lists (the unchanged tasks of successive versions) become one
-- block. Rows keep the text jsonb gives them; new rows are written as compact JSON by cka-service.
CREATE TEMPORARY TABLE migrated_task ON COMMIT DROP AS
SELECT v.task_set_id, v.version, (t.ord - 1)::integer AS position, t.task,
       coalesce(t.task -> 'examples', t.task -> 'prompts', '[]'::jsonb) AS rows
  FROM task_set_version v, jsonb_array_elements(v.document -> 'tasks') WITH ORDINALITY AS t(task, ord);

ALTER TABLE migrated_task ADD COLUMN digest bytea;
UPDATE migrated_task m SET digest = (
    SELECT sha256(convert_to(coalesce(string_agg(r.value::text || E'\n', '' ORDER BY r.ord), ''), 'UTF8'))
      FROM jsonb_array_elements(m.rows) WITH ORDINALITY AS r(value, ord));

INSERT INTO example_block (digest, row_count, byte_count)
SELECT DISTINCT ON (digest) digest, jsonb_array_length(rows),
       (SELECT coalesce(sum(octet_length(r.value::text)), 0) FROM jsonb_array_elements(rows) AS r(value))
  FROM migrated_task ORDER BY digest;

INSERT INTO example_row (block_id, ordinal, value)
SELECT b.id, (r.ord - 1)::integer, r.value::text
  FROM example_block b
  JOIN LATERAL (SELECT rows FROM migrated_task m WHERE m.digest = b.digest LIMIT 1) m ON true,
       jsonb_array_elements(m.rows) WITH ORDINALITY AS r(value, ord);

INSERT INTO task_set_task (task_set_id, version, position, name, cluster, split, held_out, description, templates,
                           block_id)
SELECT m.task_set_id, m.version, m.position, m.task ->> 'name', m.task ->> 'cluster', m.task ->> 'split',
       coalesce((m.task ->> 'heldOut')::boolean, false), m.task ->> 'description',
       CASE WHEN m.task ? 'examples' THEN coalesce(m.task -> 'templates', '[]'::jsonb) END, b.id
  FROM migrated_task m JOIN example_block b ON b.digest = m.digest;

ALTER TABLE task_set_version DISABLE TRIGGER task_set_version_immutable;
UPDATE task_set_version SET description = document ->> 'description';
ALTER TABLE task_set_version ENABLE TRIGGER task_set_version_immutable;
ALTER TABLE task_set_version DROP COLUMN document;

-- A version's tasks and a block's rows never change; a block is only ever deleted whole, in the transaction that
-- wrote it, when its rows turn out to equal an existing block.
CREATE FUNCTION task_set_rows_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'stored task-set rows are immutable (%)', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER task_set_task_immutable
    BEFORE UPDATE OR DELETE ON task_set_task
    FOR EACH ROW EXECUTE FUNCTION task_set_rows_immutable();

CREATE TRIGGER example_row_immutable
    BEFORE UPDATE ON example_row
    FOR EACH ROW EXECUTE FUNCTION task_set_rows_immutable();
