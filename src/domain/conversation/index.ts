/**
 * The conversation's understanding, pure (ARCHITECTURE.md "Conversation"): Slack messages and
 * email replies ask `understand` what a message means and `sayWhen` how to say a time back.
 */
export {
  type BookCustomer,
  type CustomerMatch,
  MAX_CANDIDATES,
  matchCustomer,
} from './customers.ts';
export type {
  DmIntent,
  KnownIntent,
  ListFilter,
  StepRef,
  Suggestion,
  ThreadIntent,
  Unclear,
  Understood,
} from './intents.ts';
export { labelOf } from './intents.ts';
export type { ThreadStep } from './steps.ts';
export { type ConversationContext, understand } from './understand.ts';
export { findWhen, sayWhen, UNTIMED_HOUR, type When } from './when.ts';
