import { describe, expect, it } from 'vitest';
import { workflowState } from '../../src/domain/workflow-state.ts';
import { type DigestData, renderDigest, slackLink } from '../../src/email/digest.ts';

const data: DigestData = {
  csm: { name: 'Dana Reyes', timezone: 'America/New_York', slackUserId: 'U0DANA' },
  day: '2026-11-25',
  dueDay: '2026-11-26',
  slackTeamId: 'T0ACME',
  steps: [
    {
      executionId: 42,
      stepIndex: 2,
      totalSteps: 6,
      customerName: 'Obsidian Black <Industries>',
      workflowType: 'risk-in-band',
      stepId: 'pricing-strategy',
      snoozedUntil: '2026-11-26T14:00:00Z',
      reason: 'waiting for finance & legal',
      slackChannelId: 'D0THREAD',
      workflowState: workflowState({
        execution: {
          status: 'in_progress',
          currentStep: 3,
          steps: ['Introduction', 'Overview', 'Pricing strategy', 'Quote'].map((title, i) => ({
            title,
            status: i < 2 ? 'completed' : i === 2 ? 'snoozed' : 'in_progress',
          })),
        },
      }),
    },
    {
      executionId: 7,
      stepIndex: 0,
      totalSteps: 4,
      customerName: 'Acme Corp',
      workflowType: 'standard-renewal',
      stepId: 'account-overview',
      snoozedUntil: '2026-11-27T03:30:00Z',
      reason: null,
      slackChannelId: null,
      workflowState: workflowState({
        execution: {
          status: 'in_progress',
          currentStep: 1,
          steps: ['Introduction', 'Account overview', 'Quote', 'Summary'].map((title, i) => ({
            title,
            status: i === 0 ? 'snoozed' : i === 1 ? 'in_progress' : 'pending',
          })),
        },
      }),
    },
  ],
};

describe('renderDigest', () => {
  const email = renderDigest(data);

  it('names the count and the day in the subject', () => {
    expect(email.subject).toBe('Renubu: 2 snoozed steps due tomorrow, Thursday 26 November 2026');
  });

  it('the text part greets, lists every step with its link, and ends with the footer', () => {
    const { text } = email;
    expect(text.startsWith('Good evening Dana,\n\n2 steps you snoozed come due tomorrow')).toBe(
      true,
    );
    expect(text).toContain('1. Obsidian Black <Industries> - Risk in the renewal window');
    expect(text).toContain('Step 3 of 6: Pricing strategy');
    expect(text).toContain('Snoozed until Thu 26 Nov 09:00 (America/New_York)');
    expect(text).toContain('Reason: waiting for finance & legal');
    expect(text).toContain('Workflow now: Step 4 of 4 · Quote · 1 snoozed step');
    expect(text).toContain(
      'Open in Slack: https://slack.com/app_redirect?channel=D0THREAD&team=T0ACME',
    );
    expect(text).toContain('Workflow #42, step 3 (Pricing strategy): open its thread in Slack');
    expect(text).toContain('2. Acme Corp - Standard renewal');
    expect(text).toContain('Step 1 of 4: Account overview');
    expect(text).toContain('Snoozed until Thu 26 Nov 22:30 (America/New_York)'); // local, not UTC
    expect(text).toContain('Reason: no reason given');
    expect(text).toContain('https://slack.com/app_redirect?channel=U0DANA&team=T0ACME');
    expect(text).toContain('your DM with Renubu');
    expect(text.trimEnd().endsWith('Snooze, skip or resume any step from Slack.')).toBe(true);
  });

  it('the HTML part has every step, escaped, with links', () => {
    const { html } = email;
    expect(html).toContain('Obsidian Black &lt;Industries&gt;');
    expect(html).not.toContain('<Industries>');
    expect(html).toContain('waiting for finance &amp; legal');
    expect(html).toContain(
      '<a href="https://slack.com/app_redirect?channel&#x3D;D0THREAD&amp;team&#x3D;T0ACME"',
    );
    expect(html).toContain('channel&#x3D;U0DANA');
    expect(html).toContain('Step 1 of 4: Account overview');
    expect(html.match(/Open in Slack/g)).toHaveLength(2);
  });

  it('without any Slack id there is no link, still the readable line', () => {
    const solo = renderDigest({
      ...data,
      csm: { ...data.csm, slackUserId: null },
      steps: [{ ...data.steps[1]!, executionId: 9 }],
      slackTeamId: null,
    });
    expect(solo.subject).toContain('1 snoozed step due');
    expect(solo.text).not.toContain('app_redirect');
    expect(solo.html).not.toContain('app_redirect');
    expect(solo.text).toContain('Workflow #9, step 1 (Account overview)');
  });

  it('slackLink encodes the channel and team', () => {
    expect(slackLink('C 1&x', null)).toBe('https://slack.com/app_redirect?channel=C+1%26x');
    expect(slackLink(null)).toBeNull();
  });
});
