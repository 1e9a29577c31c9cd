-- The warehouse as a run left it. On a DuckLake every commit is a snapshot; snapshot_id is the one
-- holding this run's last commit (its row in runs), so `dossier sql --at RUN_ID` reads the
-- warehouse as it was then: SELECT ... FROM events AT (VERSION => snapshot_id). NULL on a
-- single-file warehouse (it keeps no snapshots) and for runs that failed.
ALTER TABLE runs ADD COLUMN snapshot_id BIGINT;
