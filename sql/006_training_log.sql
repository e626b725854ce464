-- 006_training_log.sql — a training log: exercises of a user's own beside
-- the built-in ones, workouts of one to 50 sets with an optional load, and
-- body weight over time.
--
-- A workout (one row of workouts, "an entry") is one exercise at one time;
-- its sets are rows of workout_sets. The entry keeps totals derived from its
-- sets (written by the app in the same statement as the sets): reps and
-- duration_seconds are the sums, as before, so every total, week, streak
-- and goal keeps its meaning; set_count, best_set_reps, best_set_seconds,
-- max_load_kg and volume_kg serve the records without reading every set.
-- Existing workouts become entries of one set with the same numbers.

SET LOCAL ROLE exbuddy_owner;

------------------------------------------------------------------------------
-- Exercises: built-in ones (user_id NULL, shared, read-only) and a user's own.
------------------------------------------------------------------------------

ALTER TABLE exbuddy.exercise_types
    ADD COLUMN user_id uuid NULL,
    ADD COLUMN bodyweight boolean NOT NULL DEFAULT false,
    ADD COLUMN archived boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT exercise_types_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES exbuddy.users (id) ON DELETE CASCADE,
    ALTER COLUMN compendium_code DROP NOT NULL,
    ALTER COLUMN description SET DEFAULT '',
    DROP CONSTRAINT exercise_types_measure_valid,
    DROP CONSTRAINT exercise_types_reps_have_pace,
    DROP CONSTRAINT exercise_types_slug_key,
    DROP CONSTRAINT exercise_types_name_key,
    -- reps; time; reps with a weight (a barbell, a machine)
    ADD CONSTRAINT exercise_types_measure_valid
        CHECK (measure IN ('reps', 'time', 'reps_weight')),
    -- a pace for exercises counted in reps: their calories need a time
    ADD CONSTRAINT exercise_types_reps_have_pace
        CHECK ((measure <> 'time') = (seconds_per_rep IS NOT NULL)),
    -- where a built-in's MET value comes from
    ADD CONSTRAINT exercise_types_builtin_has_code
        CHECK (user_id IS NOT NULL OR compendium_code IS NOT NULL),
    ADD CONSTRAINT exercise_types_builtin_not_archived
        CHECK (user_id IS NOT NULL OR NOT archived);

-- Names and slugs: unique among the built-ins, and among a user's own (any
-- letter case). A user's own may share a built-in's name (the app asks).
CREATE UNIQUE INDEX exercise_types_builtin_slug
    ON exbuddy.exercise_types (slug) WHERE user_id IS NULL;
CREATE UNIQUE INDEX exercise_types_builtin_name
    ON exbuddy.exercise_types (lower(name)) WHERE user_id IS NULL;
CREATE UNIQUE INDEX exercise_types_own_slug
    ON exbuddy.exercise_types (user_id, slug) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX exercise_types_own_name
    ON exbuddy.exercise_types (user_id, lower(name)) WHERE user_id IS NOT NULL;

-- How an exercise is named on a page: a user's own of a built-in's name
-- gets " (yours)", so that two "Plank"s can be told apart.
CREATE FUNCTION exbuddy.exercise_label(name text, owner uuid) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN CASE WHEN owner IS NOT NULL AND EXISTS (
        SELECT 1 FROM exbuddy.exercise_types b
        WHERE b.user_id IS NULL AND lower(b.name) = lower(exercise_label.name))
        THEN name || ' (yours)' ELSE name END;
GRANT EXECUTE ON FUNCTION exbuddy.exercise_label(text, uuid) TO exbuddy_app;

-- Bodyweight moves: the body weight counts in their volume.
UPDATE exbuddy.exercise_types SET bodyweight = true
    WHERE user_id IS NULL AND slug <> 'jump-rope';

GRANT INSERT, UPDATE, DELETE ON exbuddy.exercise_types TO exbuddy_app;
ALTER TABLE exbuddy.exercise_types ENABLE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.exercise_types FORCE ROW LEVEL SECURITY;
CREATE POLICY exercise_types_read ON exbuddy.exercise_types FOR SELECT TO exbuddy_app
    USING (user_id IS NULL OR user_id = exbuddy.current_user_id());
CREATE POLICY exercise_types_insert ON exbuddy.exercise_types FOR INSERT TO exbuddy_app
    WITH CHECK (user_id = exbuddy.current_user_id());
CREATE POLICY exercise_types_update ON exbuddy.exercise_types FOR UPDATE TO exbuddy_app
    USING (user_id = exbuddy.current_user_id())
    WITH CHECK (user_id = exbuddy.current_user_id());
CREATE POLICY exercise_types_delete ON exbuddy.exercise_types FOR DELETE TO exbuddy_app
    USING (user_id = exbuddy.current_user_id());

-- An exercise with workouts cannot go (merge it first), but deleting a user
-- takes their exercises and workouts together: checked at the end of the
-- statement (NO ACTION), not row by row (RESTRICT).
ALTER TABLE exbuddy.workouts
    DROP CONSTRAINT workouts_exercise_type_id_fkey,
    ADD CONSTRAINT workouts_exercise_type_id_fkey FOREIGN KEY (exercise_type_id)
        REFERENCES exbuddy.exercise_types (id) ON DELETE NO ACTION;
ALTER TABLE exbuddy.goals
    DROP CONSTRAINT goals_exercise_type_id_fkey,
    ADD CONSTRAINT goals_exercise_type_id_fkey FOREIGN KEY (exercise_type_id)
        REFERENCES exbuddy.exercise_types (id) ON DELETE CASCADE;

-- A foreign key check does not see row level security: a workout or a goal
-- must name an exercise its user may see (a built-in, or their own). Asked
-- the positive way, so that it holds under the caller's row level security
-- too (another user's exercise is then not found at all).
CREATE FUNCTION exbuddy.exercise_visible_check() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $fn$
BEGIN
    IF EXISTS (SELECT 1 FROM new_rows n
               WHERE NOT EXISTS (SELECT 1 FROM exbuddy.exercise_types e
                                 WHERE e.id = n.exercise_type_id
                                   AND (e.user_id IS NULL OR e.user_id = n.user_id))) THEN
        RAISE EXCEPTION 'an exercise of another user'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER workouts_exercise_visible_insert
    AFTER INSERT ON exbuddy.workouts REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exbuddy.exercise_visible_check();
CREATE TRIGGER workouts_exercise_visible_update
    AFTER UPDATE ON exbuddy.workouts REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exbuddy.exercise_visible_check();
CREATE TRIGGER goals_exercise_visible_insert
    AFTER INSERT ON exbuddy.goals REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exbuddy.exercise_visible_check();
CREATE TRIGGER goals_exercise_visible_update
    AFTER UPDATE ON exbuddy.goals REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exbuddy.exercise_visible_check();

------------------------------------------------------------------------------
-- Sets.
------------------------------------------------------------------------------

ALTER TABLE exbuddy.workouts
    ADD COLUMN set_count smallint NOT NULL DEFAULT 1,
    ADD COLUMN best_set_reps integer NOT NULL DEFAULT 0,
    ADD COLUMN best_set_seconds integer NOT NULL DEFAULT 0,
    ADD COLUMN max_load_kg numeric(7,2) NULL,
    ADD COLUMN volume_kg numeric(12,2) NULL,
    ADD CONSTRAINT workouts_id_user_key UNIQUE (id, user_id),
    ADD CONSTRAINT workouts_set_count_range CHECK (set_count BETWEEN 1 AND 50),
    ADD CONSTRAINT workouts_best_set_within
        CHECK (best_set_reps <= reps AND best_set_seconds <= duration_seconds),
    ADD CONSTRAINT workouts_volume_range CHECK (volume_kg >= 0);

-- The submission ids are unique among the rows that have one. Partial, the
-- index cannot serve a lookup by user alone: a foreign key check of a set
-- (workout id and user) then goes by the primary key whatever the
-- statistics say (a whole index of a user's rows, folded small by btree
-- deduplication, would look cheaper on a bloated table: one scan of all
-- their rows for each set of an import).
DROP INDEX exbuddy.workouts_user_submission;
CREATE UNIQUE INDEX workouts_user_submission ON exbuddy.workouts
    (user_id, submission_id) WHERE submission_id IS NOT NULL;

CREATE TABLE exbuddy.workout_sets (
    workout_id       uuid         NOT NULL,
    user_id          uuid         NOT NULL,
    position         smallint     NOT NULL,
    reps             integer      NOT NULL DEFAULT 0,
    duration_seconds integer      NOT NULL DEFAULT 0,
    load_kg          numeric(7,2) NULL,
    CONSTRAINT workout_sets_pkey PRIMARY KEY (workout_id, position),
    -- the set belongs to a workout of the same user
    CONSTRAINT workout_sets_workout_fkey FOREIGN KEY (workout_id, user_id)
        REFERENCES exbuddy.workouts (id, user_id) ON DELETE CASCADE,
    CONSTRAINT workout_sets_position_range CHECK (position BETWEEN 1 AND 50),
    CONSTRAINT workout_sets_reps_range CHECK (reps BETWEEN 0 AND 100000),
    CONSTRAINT workout_sets_duration_range CHECK (duration_seconds BETWEEN 0 AND 86400),
    CONSTRAINT workout_sets_has_amount CHECK (reps > 0 OR duration_seconds > 0),
    -- added weight (+) or assistance (−), in kg
    CONSTRAINT workout_sets_load_range CHECK (load_kg BETWEEN -1000 AND 1000)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON exbuddy.workout_sets TO exbuddy_app;
ALTER TABLE exbuddy.workout_sets ENABLE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.workout_sets FORCE ROW LEVEL SECURITY;
CREATE POLICY workout_sets_own ON exbuddy.workout_sets FOR ALL TO exbuddy_app
    USING (user_id = exbuddy.current_user_id())
    WITH CHECK (user_id = exbuddy.current_user_id());

------------------------------------------------------------------------------
-- Body weight: one entry per day.
------------------------------------------------------------------------------

CREATE TABLE exbuddy.body_weights (
    user_id    uuid         NOT NULL,
    day        date         NOT NULL,
    weight_kg  numeric(6,2) NOT NULL,
    created_at timestamptz  NOT NULL DEFAULT now(),
    updated_at timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT body_weights_pkey PRIMARY KEY (user_id, day),
    CONSTRAINT body_weights_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES exbuddy.users (id) ON DELETE CASCADE,
    CONSTRAINT body_weights_weight_kg_range CHECK (weight_kg BETWEEN 20 AND 500),
    CONSTRAINT body_weights_day_range CHECK (day BETWEEN '1970-01-01' AND '9999-12-31')
);

CREATE TRIGGER body_weights_touch_updated_at
    BEFORE UPDATE ON exbuddy.body_weights
    FOR EACH ROW EXECUTE FUNCTION exbuddy.touch_updated_at();

GRANT SELECT, INSERT, UPDATE, DELETE ON exbuddy.body_weights TO exbuddy_app;
ALTER TABLE exbuddy.body_weights ENABLE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.body_weights FORCE ROW LEVEL SECURITY;
CREATE POLICY body_weights_own ON exbuddy.body_weights FOR ALL TO exbuddy_app
    USING (user_id = exbuddy.current_user_id())
    WITH CHECK (user_id = exbuddy.current_user_id());

------------------------------------------------------------------------------
-- The data. Row level security is forced on the owner too: lifted here for
-- the moves alone (it is back before the transaction ends), and the
-- updated_at of the workouts left as it was.
------------------------------------------------------------------------------

ALTER TABLE exbuddy.users NO FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.workouts NO FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.workout_sets NO FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.body_weights NO FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.exercise_types NO FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.workouts DISABLE TRIGGER workouts_touch_updated_at;

-- A weight in the profile becomes the first entry, on the day the account
-- was made (the estimates of older workouts use the first entry after them).
INSERT INTO exbuddy.body_weights (user_id, day, weight_kg)
    SELECT id, (created_at AT TIME ZONE timezone)::date, weight_kg
    FROM exbuddy.users WHERE weight_kg IS NOT NULL;

-- Every workout: an entry of one set with its numbers.
INSERT INTO exbuddy.workout_sets (workout_id, user_id, position, reps, duration_seconds)
    SELECT id, user_id, 1, reps, duration_seconds FROM exbuddy.workouts;
UPDATE exbuddy.workouts w SET best_set_reps = w.reps,
    best_set_seconds = w.duration_seconds,
    volume_kg = CASE WHEN e.bodyweight AND w.reps > 0 AND u.weight_kg IS NOT NULL
        THEN w.reps * u.weight_kg END
    FROM exbuddy.exercise_types e, exbuddy.users u
    WHERE e.id = w.exercise_type_id AND u.id = w.user_id;

ALTER TABLE exbuddy.workouts ENABLE TRIGGER workouts_touch_updated_at;
ALTER TABLE exbuddy.users FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.workouts FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.workout_sets FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.body_weights FORCE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.exercise_types FORCE ROW LEVEL SECURITY;

ALTER TABLE exbuddy.users DROP COLUMN weight_kg;

RESET ROLE;
