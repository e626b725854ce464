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

RESET ROLE;
