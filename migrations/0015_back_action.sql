-- Back (PRODUCT.md §11): the CSM goes back to the step before the current one; the step
-- machine reopens it and the audit row says so ('back', metadata.from: the step left).
alter table workflow_step_actions drop constraint workflow_step_actions_action_type_check;
alter table workflow_step_actions add constraint workflow_step_actions_action_type_check
  check (action_type in (
    'start', 'complete', 'snooze', 'skip', 'escalate', 'resume', 'snooze_workflow', 'wake', 'undo',
    'back'
  ));
