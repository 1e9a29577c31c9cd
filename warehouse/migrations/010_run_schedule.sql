-- What happened on a schedule: which deployment started a run and when it was due, how it
-- ended, and, when it did not publish, why (one line). A run that failed before it could
-- publish is recorded too (warehouse/runs.py), so `dossier runs` shows every scheduled run.

ALTER TABLE runs ADD COLUMN deployment VARCHAR;     -- Prefect deployment that started the run; NULL: by hand (dossier ingest)
ALTER TABLE runs ADD COLUMN scheduled_at TIMESTAMP; -- when Prefect meant it to start (UTC); NULL outside a deployment
ALTER TABLE runs ADD COLUMN status VARCHAR;         -- completed | partial (some sources failed) | failed (nothing published)
ALTER TABLE runs ADD COLUMN failure VARCHAR;        -- one line: why it failed, or its first failed source
ALTER TABLE runs ADD COLUMN flow_run_id VARCHAR;    -- Prefect's flow run id, to find the run in the UI

UPDATE runs SET status = CASE WHEN sources_failed > 0 THEN 'partial' ELSE 'completed' END;
