-- 017_exercise_records.sql — an exercise's page keeps its all-time
-- records, so that showing them does not read every set of the history.
--
-- The records of /exercises/NAME (most reps in a set, the longest set, the
-- heaviest load and the heaviest for 1 to 12 reps, the best estimated 1RM,
-- the best week in each measure) depend on every set of the exercise and,
-- for a bodyweight move, on the body weights of the user: they are
-- computed by exbuddy (cgi/progress.c) from the sets, then kept here, in
-- exercise_records, with the number of the user's data they were computed
-- from (record_versions). A page reads that row by its primary key; when
-- the row is missing or of an older number, it computes them again from
-- the sets and writes the row (on the primary only).
--
-- The number changes in the transaction of every write that could change
-- a record: statement triggers on workouts, workout_sets, body_weights and
-- exercise_types, and a row trigger on users (time zone: the local days;
-- first day of the week: the best weeks). A page reads the number and the
-- row in one statement, then the sets in later statements, which see at
-- least that much: a row is never newer in number than in content, and a
-- row of an older number is never shown.
--
-- One writer of a user's number at a time: the trigger locks the users'
-- rows first (FOR NO KEY UPDATE, in their order, as 010's do), then
-- writes the number, so that every transaction takes the two in the same
-- order. The triggers run as the caller, under row level security.

SET LOCAL ROLE exbuddy_owner;

CREATE TABLE exbuddy.record_versions (
    user_id uuid   NOT NULL,
    version bigint NOT NULL,
    CONSTRAINT record_versions_pkey PRIMARY KEY (user_id),
    CONSTRAINT record_versions_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES exbuddy.users (id) ON DELETE CASCADE,
    CONSTRAINT record_versions_positive CHECK (version > 0)
);

CREATE TABLE exbuddy.exercise_records (
    user_id          uuid   NOT NULL,
    exercise_type_id uuid   NOT NULL,
    -- record_versions.version when computed (0: the user had none)
    version          bigint NOT NULL,
    -- the records as exbuddy writes them (cgi/progress.c, pr_encode)
    records          text   NOT NULL,
    CONSTRAINT exercise_records_pkey PRIMARY KEY (user_id, exercise_type_id),
    CONSTRAINT exercise_records_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES exbuddy.users (id) ON DELETE CASCADE,
    CONSTRAINT exercise_records_version_range CHECK (version >= 0),
    CONSTRAINT exercise_records_records_length CHECK (length(records) <= 8192)
);
-- No foreign key to exercise_types: a row of an exercise gone is never
-- read, and the next write of its user makes it old.

COMMENT ON TABLE exbuddy.record_versions IS
    'per user: a number raised by every write that can change an exercise''s records';
COMMENT ON TABLE exbuddy.exercise_records IS
    'per user and exercise: the records of /exercises/NAME as computed at record_versions.version';

GRANT SELECT, INSERT, UPDATE ON exbuddy.record_versions, exbuddy.exercise_records
    TO exbuddy_app;
ALTER TABLE exbuddy.record_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.record_versions FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.exercise_records ENABLE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.exercise_records FORCE ROW LEVEL SECURITY;
CREATE POLICY record_versions_own ON exbuddy.record_versions FOR ALL TO exbuddy_app
    USING (user_id = exbuddy.current_user_id())
    WITH CHECK (user_id = exbuddy.current_user_id());
CREATE POLICY exercise_records_own ON exbuddy.exercise_records FOR ALL TO exbuddy_app
    USING (user_id = exbuddy.current_user_id())
    WITH CHECK (user_id = exbuddy.current_user_id());

-- The numbers of the users given, raised by one (from 0: a first row of 1).
-- A user deleted meanwhile (or in this statement, by a cascade) is skipped.
CREATE FUNCTION exbuddy.record_versions_raise(p_user uuid[]) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $fn$
DECLARE
    users uuid[];
BEGIN
    SELECT array_agg(u.id) INTO users
        FROM (SELECT u.id FROM exbuddy.users u
              WHERE u.id = ANY (ARRAY(SELECT DISTINCT x FROM unnest(p_user) x WHERE x IS NOT NULL))
              ORDER BY u.id FOR NO KEY UPDATE OF u) u;
    IF users IS NULL THEN
        RETURN;
    END IF;
    INSERT INTO exbuddy.record_versions AS v (user_id, version)
        SELECT x, 1 FROM unnest(users) x ORDER BY x
        ON CONFLICT (user_id) DO UPDATE SET version = v.version + 1;
END
$fn$;

GRANT EXECUTE ON FUNCTION exbuddy.record_versions_raise(uuid[]) TO exbuddy_app;

-- A statement on a table whose rows carry user_id: its users' numbers.
CREATE FUNCTION exbuddy.record_versions_write() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $fn$
DECLARE
    users uuid[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT n.user_id) INTO users FROM new_rows n;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT o.user_id) INTO users FROM old_rows o;
    ELSE
        SELECT array_agg(DISTINCT c.user_id) INTO users
            FROM (SELECT user_id FROM old_rows UNION SELECT user_id FROM new_rows) c;
    END IF;
    IF users IS NOT NULL THEN
        PERFORM exbuddy.record_versions_raise(users);
    END IF;
    RETURN NULL;
END
$fn$;

-- A change of the time zone (the sets' local days) or of the first day of
-- the week (the best weeks).
CREATE FUNCTION exbuddy.record_versions_user() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $fn$
BEGIN
    PERFORM exbuddy.record_versions_raise(ARRAY[NEW.id]);
    RETURN NULL;
END
$fn$;

DO $triggers$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['workouts', 'workout_sets', 'body_weights', 'exercise_types'] LOOP
        EXECUTE pg_catalog.format('CREATE TRIGGER %I AFTER INSERT ON exbuddy.%I '
            'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT '
            'EXECUTE FUNCTION exbuddy.record_versions_write()', t || '_records_insert', t);
        EXECUTE pg_catalog.format('CREATE TRIGGER %I AFTER UPDATE ON exbuddy.%I '
            'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT '
            'EXECUTE FUNCTION exbuddy.record_versions_write()', t || '_records_update', t);
        EXECUTE pg_catalog.format('CREATE TRIGGER %I AFTER DELETE ON exbuddy.%I '
            'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT '
            'EXECUTE FUNCTION exbuddy.record_versions_write()', t || '_records_delete', t);
    END LOOP;
END
$triggers$;

CREATE TRIGGER users_records_settings
    AFTER UPDATE OF timezone, week_start ON exbuddy.users
    FOR EACH ROW WHEN (OLD.timezone IS DISTINCT FROM NEW.timezone
                       OR OLD.week_start IS DISTINCT FROM NEW.week_start)
    EXECUTE FUNCTION exbuddy.record_versions_user();

-- A built-in exercise (user_id NULL) changed by a later migration: the
-- rows of every user for it go (there is no user's number to raise).
CREATE FUNCTION exbuddy.exercise_records_builtin() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $fn$
BEGIN
    -- Never the app's case (it changes its own exercises alone, and may not
    -- delete here): only then is there anything to do.
    IF EXISTS (SELECT 1 FROM old_rows o WHERE o.user_id IS NULL) THEN
        DELETE FROM exbuddy.exercise_records r
            WHERE r.exercise_type_id IN (SELECT o.id FROM old_rows o WHERE o.user_id IS NULL);
    END IF;
    RETURN NULL;
END
$fn$;

CREATE TRIGGER exercise_types_records_builtin
    AFTER UPDATE ON exbuddy.exercise_types REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exbuddy.exercise_records_builtin();

ALTER TABLE exbuddy.exercise_records SET (
    autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 1000);
ALTER TABLE exbuddy.record_versions SET (
    autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 1000);

RESET ROLE;
