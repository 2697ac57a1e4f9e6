/** Modal submissions (blocks/action-ids.ts VIEW) and their handlers. */
import type { App } from '@slack/bolt';
import { VIEW } from '../../../../blocks/index.ts';
import type { SlackServices } from '../../services.ts';
import { registerThreadViews } from '../../threads/register.ts';
import { snoozeWorkflowSubmitted } from './snooze-workflow-submit.ts';

export function registerViews(app: App, services: SlackServices): void {
  app.view(VIEW.snoozeWorkflow, snoozeWorkflowSubmitted(services));
  registerThreadViews(app, services);
}
