/** Buttons (blocks/action-ids.ts ACTION) and their handlers. */
import type { App } from '@slack/bolt';
import { ACTION } from '../../../../blocks/action-ids.ts';
import type { SlackServices } from '../../services.ts';
import { refreshHomeClicked } from './refresh-home.ts';
import { snoozeWorkflowClicked } from './snooze-workflow.ts';

export function registerActions(app: App, services: SlackServices): void {
  app.action(ACTION.snoozeWorkflow, snoozeWorkflowClicked(services));
  app.action(ACTION.refreshHome, refreshHomeClicked(services));
  // Thread launch and step resume come with the workflow threads; Home stays current.
  app.action(ACTION.begin, refreshHomeClicked(services));
  app.action(ACTION.open, refreshHomeClicked(services));
  app.action(ACTION.resumeStep, refreshHomeClicked(services));
}
