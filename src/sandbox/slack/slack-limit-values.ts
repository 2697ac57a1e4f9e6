/**
 * Slack's Block Kit and message limits, as documented by Slack and measured (FIELD-NOTES.md,
 * "Block Kit limits"). Lengths are in characters; counts are items. The fake Slack rejects
 * anything beyond them, so a builder that passes the harness passes Slack.
 */
export const SLACK_LIMITS = {
  /** Blocks in one message. */
  messageBlocks: 50,
  /** Blocks in one modal or Home tab view. */
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  /** Header text, plain_text only. */
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  /** Any URL: button url, image_url. */
  url: 3000,
  optionText: 75,
  optionValue: 150,
  /** Options of checkboxes and radio buttons. */
  choiceOptions: 10,
  /** Options of a static select (and of each option group). */
  selectOptions: 100,
  overflowOptions: 5,
  /** action_id, block_id, callback_id, external_id. */
  id: 255,
  placeholder: 150,
  altText: 2000,
  inputLabel: 2000,
  inputHint: 2000,
  inputMaxLength: 3000,
  imageTitle: 2000,
  /** A context block's text objects. */
  contextText: 3000,
  /** Modal title, submit and close texts. */
  viewTitle: 24,
  privateMetadata: 3000,
  /** About this much block text in one message gives `msg_blocks_too_long`. */
  messageBlockText: 12_000,
  /** chat.postMessage `text`; longer gives `msg_too_long`. */
  messageText: 40_000,
} as const;
