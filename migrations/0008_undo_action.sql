-- Undo (PRODUCT.md §11): the CSM's last step action in a workflow, within 10 minutes, is
-- reverted by the one step machine; the revert is an audit row of its own ('undo'), whose
-- metadata names the row it undid. The undone row's metadata.undo kept the step before it.
alter table workflow_step_actions drop constraint workflow_step_actions_action_type_check;
alter table workflow_step_actions add constraint workflow_step_actions_action_type_check
  check (action_type in (
    'start', 'complete', 'snooze', 'skip', 'escalate', 'resume', 'snooze_workflow', 'wake', 'undo'
  ));
