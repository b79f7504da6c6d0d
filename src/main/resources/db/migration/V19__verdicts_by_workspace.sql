-- The console's overview reads every verdict of a workspace at once.
CREATE INDEX check_verdicts_workspace ON check_verdicts (workspace_id);
