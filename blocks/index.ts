/**
 * The Block Kit builders: pure functions from the data of blocks/types.ts to Slack JSON (and
 * terminal text). No database, Slack or clock in here; src/slack/ and src/cli/ render with
 * them and deliver what they return.
 */
export {
  ACTION,
  type ActionId,
  instanceValue,
  parseInstanceValue,
  parseStepValue,
  SNOOZE_QUICK_OPTIONS,
  SNOOZE_WORKFLOW_BLOCKS,
  type SnoozeQuickValue,
  stepValue,
  VIEW,
  type ViewCallbackId,
} from './action-ids.ts';
export { appHome, type HomeTab } from './app-home.ts';
export {
  COMMAND_HELP,
  helpReply,
  listReply,
  notACsmReply,
  todayReply,
  unknownCommandReply,
} from './command-replies.ts';
export { renderText } from './console.ts';
export { type DigestDmInput, digestDm } from './digest-dm.ts';
export { allClearDm, morningDm, type SlackMessage } from './morning-dm.ts';
export {
  type Modal,
  readSnoozeWorkflow,
  readSnoozeWorkflowMetadata,
  type SnoozeWorkflowChoice,
  type SnoozeWorkflowModalInput,
  snoozeWorkflowModal,
} from './snooze-workflow-modal.ts';
export type { CsmDigest, HomeState, SnoozedStep, WorkItem } from './types.ts';
