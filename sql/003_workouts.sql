-- 003_workouts.sql — the exercise library, search over it, and one-time
-- submission ids so a form sent twice makes one workout.

SET LOCAL ROLE exbuddy_owner;

-- Where each MET value comes from, and how long one repetition takes, for
-- estimating calories of a workout logged in reps only.
ALTER TABLE exbuddy.exercise_types
    ADD COLUMN compendium_code text NULL,
    ADD COLUMN seconds_per_rep numeric(3,1) NULL,
    ADD CONSTRAINT exercise_types_compendium_code_shape
        CHECK (compendium_code ~ '^[0-9]{5}$'),
    ADD CONSTRAINT exercise_types_seconds_per_rep_range
        CHECK (seconds_per_rep > 0 AND seconds_per_rep <= 60);

-- MET values: 2011 Compendium of Physical Activities (Ainsworth et al.,
-- Med Sci Sports Exerc 43(8):1575-81), codes:
--   02020  calisthenics (e.g., push ups, sit ups, pull-ups, jumping jacks),
--          vigorous effort                                           8.0 MET
--   02022  calisthenics (e.g., push ups, sit ups, pull-ups, lunges),
--          moderate effort                                           3.8 MET
--   02030  calisthenics, light or moderate effort, general (e.g., back
--          exercises), going up & down from floor                    3.5 MET
--   15552  rope jumping, moderate pace, 100-120 skips/min, general,
--          2 foot skip, plain bounce                                11.8 MET
UPDATE exbuddy.exercise_types SET compendium_code = '02022', seconds_per_rep = 2.0
    WHERE slug = 'push-up';
UPDATE exbuddy.exercise_types SET compendium_code = '15552'
    WHERE slug = 'jump-rope';

INSERT INTO exbuddy.exercise_types
    (slug, name, description, measure, met, compendium_code, seconds_per_rep) VALUES
    ('squat', 'Squat',
     'Bend your knees and hips until your thighs are level with the floor, then stand up again.',
     'reps', 3.8, '02022', 2.5),
    ('sit-up', 'Sit-up',
     'Lying on your back with knees bent, curl up until you sit, then lower yourself slowly.',
     'reps', 3.8, '02022', 2.5),
    ('pull-up', 'Pull-up',
     'Hang from a bar and pull your chin above it, then lower yourself until your arms are straight.',
     'reps', 3.8, '02022', 3.0),
    ('burpee', 'Burpee',
     'Squat, kick your feet back to a plank, return, and jump up; count each full cycle.',
     'reps', 8.0, '02020', 4.0),
    ('lunge', 'Lunge',
     'Step forward and lower your back knee towards the floor, then push back; count each step.',
     'reps', 3.8, '02022', 3.0),
    ('mountain-climber', 'Mountain climber',
     'From a plank, drive one knee towards your chest and switch legs quickly; count each knee.',
     'reps', 8.0, '02020', 1.0),
    ('plank', 'Plank',
     'Hold your body straight, resting on your forearms and toes; log how long you held it.',
     'time', 3.5, '02030', NULL);

ALTER TABLE exbuddy.exercise_types
    ALTER COLUMN compendium_code SET NOT NULL,
    ADD CONSTRAINT exercise_types_reps_have_pace
        CHECK ((measure = 'reps') = (seconds_per_rep IS NOT NULL));

-- Finding an exercise by name: full-text search over name, slug and
-- description (a dozen rows; the index keeps it cheap as the library grows).
CREATE INDEX exercise_types_search ON exbuddy.exercise_types USING gin
    (to_tsvector('simple', name || ' ' || slug || ' ' || description));

-- A resubmitted form (double click, back button, retry) carries the same
-- submission id: at most one workout per id and user. Imported rows have none.
ALTER TABLE exbuddy.workouts ADD COLUMN submission_id uuid NULL;
CREATE UNIQUE INDEX workouts_user_submission
    ON exbuddy.workouts (user_id, submission_id);

-- History filtered by exercise, newest first, without touching other users.
CREATE INDEX workouts_user_exercise_time
    ON exbuddy.workouts (user_id, exercise_type_id, performed_at DESC, id DESC);

-- Body weight in kg to 0.01, so a weight given in pounds to 0.1 comes back
-- the same (165 lb is 74.84 kg; at 0.1 kg it would read 164.9 lb).
ALTER TABLE exbuddy.users ALTER COLUMN weight_kg TYPE numeric(6,2);

RESET ROLE;
