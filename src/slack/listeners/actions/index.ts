/** Buttons (blocks/action-ids.ts ACTION) and their handlers. */
import type { App } from '@slack/bolt';
import { ACTION, SAY_ACTION_PATTERN } from '../../../../blocks/action-ids.ts';
import type { SlackServices } from '../../services.ts';
import { registerThreadActions } from '../../threads/register.ts';
import { resumeClicked } from '../../threads/resume.ts';
import { registerCheckinActions } from './checkin.ts';
import { sayClicked, undoMessageClicked } from './message-buttons.ts';
import { refreshHomeClicked } from './refresh-home.ts';
import { snoozeWorkflowClicked } from './snooze-workflow.ts';

export function registerActions(app: App, services: SlackServices): void {
  app.action(ACTION.snoozeWorkflow, snoozeWorkflowClicked(services));
  app.action(ACTION.refreshHome, refreshHomeClicked(services));
  // Let's begin / Open launch the workflow's thread, and its step buttons move through it.
  registerThreadActions(app, services);
  // The wake-up DM's Resume: the step back in progress and reopened in its thread.
  app.action(ACTION.resumeStep, resumeClicked(services));
  // The weekly forecast check-in's Commit / At risk / Upside.
  registerCheckinActions(app, services);
  // Under an answer to a message: Undo, and the suggestion and confirm buttons.
  app.action(ACTION.undoMessage, undoMessageClicked(services));
  app.action({ type: 'block_actions', action_id: SAY_ACTION_PATTERN }, sayClicked(services));
}
