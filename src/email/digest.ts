/**
 * The nightly digest email (PRODUCT.md §6): one CSM's snoozed steps that come due tomorrow,
 * as an HTML and a plain-text part from the handlebars templates in ./templates. Pure: the
 * days, time zone and Slack ids all come in with the data; HTML is escaped by handlebars.
 */
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { dayInWords, firstName, instantInWords, plural, typeInWords } from '../../blocks/format.ts';
import { stepTitle } from '../../slides/registry.ts';
import type { WorkflowState } from '../domain/workflow-state.ts';

export interface DigestStep {
  executionId: number;
  /** 0-based, as in workflow_step_states. */
  stepIndex: number;
  totalSteps: number;
  customerName: string;
  /** The workflow type id, e.g. `standard-renewal`. */
  workflowType: string;
  /** The step's slide id, e.g. `pricing-strategy`. */
  stepId: string;
  /** ISO instant. */
  snoozedUntil: string;
  reason: string | null;
  /** The channel of the execution's Slack thread, when it has one. */
  slackChannelId: string | null;
  /** Where the whole workflow stands (the one state every surface shows). */
  workflowState: WorkflowState;
}

export interface DigestData {
  csm: { name: string; timezone: string; slackUserId: string | null };
  /** The CSM's today (YYYY-MM-DD); the steps fall due on the day after. */
  day: string;
  dueDay: string;
  steps: DigestStep[];
  /** The Slack workspace, so the link opens the right one when a user has several. */
  slackTeamId?: string | null;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const SLACK_REDIRECT = 'https://slack.com/app_redirect';

const hbs = Handlebars.create();
const template = (name: string) =>
  readFileSync(new URL(`./templates/${name}`, import.meta.url), 'utf8');
const renderHtml = hbs.compile(template('digest.html.hbs'), { strict: true });
const renderText = hbs.compile(template('digest.txt.hbs'), { strict: true, noEscape: true });

/** A link that opens the thread's channel, else the CSM's DM with the bot, in Slack. */
export function slackLink(channel: string | null, teamId?: string | null): string | null {
  if (!channel) return null;
  const query = new URLSearchParams({ channel, ...(teamId ? { team: teamId } : {}) });
  return `${SLACK_REDIRECT}?${query}`;
}

function stepView(data: DigestData, step: DigestStep, index: number) {
  const title = stepTitle(step.stepId);
  const channel = step.slackChannelId ?? data.csm.slackUserId;
  const place = step.slackChannelId
    ? 'open its thread in Slack to resume it'
    : 'find it in your DM with Renubu or on the Renubu App Home';
  return {
    stepNumberInList: index + 1,
    customerName: step.customerName,
    workflow: typeInWords(step.workflowType),
    stepNumber: step.stepIndex + 1,
    totalSteps: step.totalSteps,
    stepTitle: title,
    snoozedUntil: `${instantInWords(step.snoozedUntil, data.csm.timezone, data.day)} (${data.csm.timezone})`,
    reason: step.reason?.trim() || 'no reason given',
    workflowNow: step.workflowState.label,
    link: slackLink(channel, data.slackTeamId),
    where: `Workflow #${step.executionId}, step ${step.stepIndex + 1} (${title}): ${place}`,
  };
}

/** Subject, text and HTML of one CSM's digest; `steps` in the order given (earliest first). */
export function renderDigest(data: DigestData): RenderedEmail {
  const count = plural(data.steps.length, 'snoozed step');
  const due = dayInWords(data.dueDay);
  const subject = `Renubu: ${count} due tomorrow, ${due}`;
  const view = {
    subject,
    greeting: `Good evening ${firstName(data.csm.name)},`,
    intro:
      `${plural(data.steps.length, 'step')} you snoozed ${data.steps.length === 1 ? 'comes' : 'come'} ` +
      `due tomorrow, ${due}. Each wakes you in Slack at its time; here they are in one place.`,
    steps: data.steps.map((step, index) => stepView(data, step, index)),
    footer:
      'Renubu sends this digest at 23:00 your time on evenings before snoozed steps come due, ' +
      'and only then. Snooze, skip or resume any step from Slack.',
  };
  return { subject, text: renderText(view), html: renderHtml(view) };
}
