/**
 * A workflow thread's listeners: Let's begin / Open launch it; its buttons move through the
 * steps (`<slide>.<verb>`); the pricing modal sets a price, the quote builder uploads the
 * quote PDF, the email composer sends (after a confirm) or saves a draft. Each step's menu
 * snoozes, skips or escalates it through a modal.
 */
import type { App } from '@slack/bolt';
import { ACTION } from '../../../blocks/action-ids.ts';
import { EMAIL_VIEW } from '../../../blocks/email-modal.ts';
import { QUOTE_VIEW } from '../../../blocks/quote-modal.ts';
import { STEP_MENU_ACTION, STEP_VIEW } from '../../../blocks/step-action-modals.ts';
import { NEXT_ACTION_PATTERN, THREAD_ACTION, THREAD_VIEW } from '../../../blocks/thread-ids.ts';
import type { SlackServices } from '../services.ts';
import { composeClicked, emailConfirmed, emailSubmitted } from './email.ts';
import { launchClicked } from './launch.ts';
import { modifyClicked, priceSubmitted } from './pricing.ts';
import { buildQuoteClicked, quoteSubmitted } from './quote.ts';
import { acceptClicked, checklistChanged, completeClicked, nextClicked } from './step-buttons.ts';
import { stepMenuChosen } from './step-menu.ts';
import { stepMenuSubmitted } from './step-menu-submit.ts';

export function registerThreadActions(app: App, services: SlackServices): void {
  app.action(ACTION.begin, launchClicked(services));
  app.action(ACTION.open, launchClicked(services));
  app.action(
    { type: 'block_actions', action_id: /^[a-z0-9-]+\.check$/ },
    checklistChanged(services),
  );
  app.action({ type: 'block_actions', action_id: NEXT_ACTION_PATTERN }, nextClicked(services));
  app.action(THREAD_ACTION.accept, acceptClicked(services));
  app.action(THREAD_ACTION.modify, modifyClicked(services));
  app.action(THREAD_ACTION.complete, completeClicked(services));
  app.action(THREAD_ACTION.buildQuote, buildQuoteClicked(services));
  app.action(THREAD_ACTION.composeEmail, composeClicked(services));
  // each step's menu: snooze, skip or escalate it (a modal each)
  app.action(STEP_MENU_ACTION, stepMenuChosen(services));
}

export function registerThreadViews(app: App, services: SlackServices): void {
  app.view(THREAD_VIEW.modifyPrice, priceSubmitted(services));
  app.view(QUOTE_VIEW, quoteSubmitted(services));
  app.view(EMAIL_VIEW.compose, emailSubmitted(services));
  app.view(EMAIL_VIEW.confirm, emailConfirmed(services));
  app.view(STEP_VIEW.snooze, stepMenuSubmitted(services, 'snooze'));
  app.view(STEP_VIEW.skip, stepMenuSubmitted(services, 'skip'));
  app.view(STEP_VIEW.escalate, stepMenuSubmitted(services, 'escalate'));
}
