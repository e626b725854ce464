-- 004_goals.sql — weekly goals per exercise: reps for an exercise counted
-- in reps, seconds for a timed one.

SET LOCAL ROLE exbuddy_owner;

CREATE TABLE exbuddy.goals (
    user_id          uuid        NOT NULL,
    exercise_type_id uuid        NOT NULL,
    weekly_target    integer     NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT goals_pkey PRIMARY KEY (user_id, exercise_type_id),
    CONSTRAINT goals_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES exbuddy.users (id) ON DELETE CASCADE,
    CONSTRAINT goals_exercise_type_id_fkey FOREIGN KEY (exercise_type_id)
        REFERENCES exbuddy.exercise_types (id) ON DELETE CASCADE,
    -- a week of 7 × 100000 reps, or 7 × 24 hours
    CONSTRAINT goals_weekly_target_range CHECK (weekly_target BETWEEN 1 AND 700000)
);

CREATE TRIGGER goals_touch_updated_at
    BEFORE UPDATE ON exbuddy.goals
    FOR EACH ROW EXECUTE FUNCTION exbuddy.touch_updated_at();

GRANT SELECT, INSERT, UPDATE, DELETE ON exbuddy.goals TO exbuddy_app;

ALTER TABLE exbuddy.goals ENABLE ROW LEVEL SECURITY;
ALTER TABLE exbuddy.goals FORCE ROW LEVEL SECURITY;
CREATE POLICY goals_own ON exbuddy.goals FOR ALL TO exbuddy_app
    USING (user_id = exbuddy.current_user_id())
    WITH CHECK (user_id = exbuddy.current_user_id());

-- A time as ISO 8601 in the session's time zone ("2026-03-31T07:30:00+02:00").
-- An offset with seconds (local mean time before 1900 or so: Monrovia was
-- UTC-0:44:30 until 1972) cannot be written in ISO 8601: such a time is
-- given in UTC instead, so it reads back as the same instant.
CREATE FUNCTION exbuddy.iso_time(t timestamptz) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN CASE WHEN extract(timezone FROM t)::integer % 60 = 0
        THEN to_char(t, 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM')
        ELSE to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') END;
GRANT EXECUTE ON FUNCTION exbuddy.iso_time(timestamptz) TO exbuddy_app;

RESET ROLE;
