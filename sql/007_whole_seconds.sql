-- 007_whole_seconds.sql — a workout's time is kept to the whole second.
--
-- A quick log saved at "now" kept now()'s microseconds, while an export
-- writes times to the second: importing one's own export then found no
-- workout at exactly that time and saved the entry a second time. Times
-- are truncated once here, and the check keeps every later one whole (the
-- app truncates what it writes, so no form or import ever meets it).

SET LOCAL ROLE exbuddy_owner;

UPDATE exbuddy.workouts SET performed_at = date_trunc('second', performed_at)
    WHERE performed_at <> date_trunc('second', performed_at);

ALTER TABLE exbuddy.workouts ADD CONSTRAINT workouts_whole_seconds
    CHECK (performed_at = date_trunc('second', performed_at));

RESET ROLE;
