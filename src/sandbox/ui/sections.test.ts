import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stepSnoozeModal } from '../../../blocks/step-action-modals.ts';
import type { SnapshotView } from '../snapshot.ts';
import { pageHtml, renderSections, SECTION_NAMES, STATIC_DIR } from './index.ts';
import { MAYA, message, sampleSnapshot, THREAD_TS } from './test-snapshot.ts';

const snoozeView = (id: string, errors: Record<string, string> = {}): SnapshotView => ({
  id,
  view: stepSnoozeModal({
    executionId: 7,
    stepIndex: 2,
    stepTitle: 'Pricing',
    customerName: 'Obsidian Black',
    today: '2026-11-25',
  }) as unknown as Record<string, unknown>,
  errors,
});

describe('the page shell', () => {
  it('loads the stylesheet and the client from the static folder, and has a slot per section', () => {
    const html = pageHtml();
    expect(html).toContain('<title>Renubu sandbox</title>');
    expect(html).toContain('<link rel="stylesheet" href="/sandbox/static/style.css">');
    expect(html).toContain('<script type="module" src="/sandbox/static/client.js"></script>');
    for (const name of SECTION_NAMES) expect(html).toContain(`data-section="${name}"`);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    for (const file of ['client.js', 'client-logic.js', 'style.css'])
      expect(existsSync(join(STATIC_DIR, file))).toBe(true);
  });
});

describe('renderSections', () => {
  it('names every section, and leaves the thread and modal empty when none is open', () => {
    const sections = renderSections(sampleSnapshot());
    expect(Object.keys(sections)).toEqual([...SECTION_NAMES]);
    expect(sections.thread).toBe('');
    expect(sections.modal).toBe('');
    expect(sections.composer).toContain('data-testid="composer"');
    expect(sections.composer).toContain(
      '<label for="composer-input" class="visually-hidden">Message Renubu</label>',
    );
  });

  it('marks the selected user, shows unread badges and the outbox count', () => {
    const { sidebar } = renderSections(sampleSnapshot());
    expect(sidebar).toContain('data-testid="sidebar"');
    expect(sidebar).toMatch(
      /href="\?user=U0JUSTIN&amp;pane=dm" data-user-id="U0JUSTIN" aria-current="true">/,
    );
    expect(sidebar).toMatch(
      /data-user-id="U0MAYA">.*Maya Chen<\/span><span class="badge" aria-label="2 unread">2<\/span>/,
    );
    expect(sidebar).toMatch(
      /data-pane="mail">.*Outbox \(emails\)<\/span><span class="count">2<\/span>/,
    );
    expect(sidebar).toMatch(/data-pane="dm" aria-current="page">/);
  });

  it('shows the clock in the user zone and UTC, and the time control with its buttons', () => {
    const { topbar } = renderSections(sampleSnapshot());
    expect(topbar).toContain(
      'Wed 25 Nov 2026, 06:10</time> <span class="clock-zone">Europe/Berlin</span>',
    );
    expect(topbar).toContain('05:10 UTC');
    expect(topbar).toContain(
      'data-testid="time-control" data-now="2026-11-25T05:10:00.000Z" data-tz="Europe/Berlin"',
    );
    expect(topbar).toContain('value="2026-11-25T06:10"');
    for (const name of [
      'Run jobs until then',
      'Next 06:00 (morning DM)',
      'Next 23:00 (digest)',
      '+1 day',
    ])
      expect(topbar).toContain(`>${name}</button>`);
    expect(topbar).toContain('<li>06:00 morning DM: 2 CSMs, 2 messages</li>');
  });

  it('draws the DM: bot name and APP badge, local times, edited, the replies link, the ephemeral', () => {
    const { main } = renderSections(sampleSnapshot());
    expect(main).toContain('data-testid="dm"');
    expect(main).toContain(
      '<span class="msg-author">Renubu</span><span class="app-badge">APP</span><time datetime="2026-11-25T05:00:00.000Z"',
    );
    expect(main).toContain('>06:00</time>');
    expect(main).toContain('Wednesday, 25 November 2026');
    expect(main).toContain('<span class="edited">(edited)</span>');
    expect(main).toContain(
      `<a class="replies-link" href="?user=U0JUSTIN&amp;pane=dm&amp;thread=${THREAD_TS}" data-open-thread="${THREAD_TS}">3 replies</a>`,
    );
    expect(main).toMatch(/data-ephemeral="1" data-channel="D0JUSTIN" data-ts="1795583500.000600"/);
    expect(main).toContain('Only visible to you');
    expect(main).toContain('>Dismiss</button>');
    // Oldest first: the morning DM, the thread parent, then the later ephemeral.
    const order = [
      'Today&#39;s One Thing',
      'Strategic planning: Obsidian Black',
      'Your workflows',
    ].map((t) => main.indexOf(t));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('says what to do when the DM is empty', () => {
    const { main } = renderSections(
      sampleSnapshot({ dm: { channel: 'D1', messages: [], replies: {} }, ephemerals: [] }),
    );
    expect(main).toContain('Press &#39;Next 06:00 (morning DM)&#39; to run the morning');
  });

  it('opens the thread beside the DM: parent, replies, their containers, the PDF, a composer', () => {
    const { thread, main } = renderSections(sampleSnapshot({ openThread: THREAD_TS }));
    expect(thread).toContain('data-testid="thread"');
    expect(thread).toContain('aria-label="Close thread"');
    expect(thread).toContain('3 replies');
    expect(thread).toMatch(
      /data-container="message" data-channel="D0JUSTIN" data-ts="1795583402.000400" data-thread-ts="1795583400.000200"/,
    );
    expect(thread).toContain('>Mark Complete<'.replace('Mark Complete', 'Modify…'));
    expect(thread).toContain(
      'href="/sandbox/files/F0QUOTE" target="_blank" rel="noopener noreferrer" aria-label="Open Quote Q-2026-001 in a new tab"',
    );
    expect(thread).toContain(
      '<iframe src="/sandbox/files/F0QUOTE" title="Quote Q-2026-001" loading="lazy"></iframe>',
    );
    expect(thread).toContain('data-testid="thread-composer"');
    // Element ids stay unique when the parent shows in both panes.
    const ids = [...`${main}${thread}`.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('shows the top modal with its errors, close and submit, and the stack depth', () => {
    const { modal } = renderSections(
      sampleSnapshot({
        modals: [
          snoozeView('V1'),
          snoozeView('V2', { 'step_action.reason': 'Say <why>.', 'gone.block': 'Elsewhere.' }),
        ],
      }),
    );
    expect(modal).toContain('data-testid="modal"');
    expect(modal).toContain('data-view-id="V2"');
    expect(modal).not.toContain('data-view-id="V1"');
    expect(modal).toContain(
      '<h2 id="modal-title">Snooze step</h2><span class="stack-depth">2 of 2</span>',
    );
    expect(modal).toContain('aria-label="Previous view"');
    expect(modal).toContain('<button type="button" class="btn" data-modal-close>Cancel</button>');
    expect(modal).toContain('<button type="submit" class="btn btn-primary">Snooze</button>');
    expect(modal).toMatch(
      /<div class="input-error" id="modal-V2-b4-step_action_write_reason-error">Say &lt;why&gt;.<\/div>/,
    );
    expect(modal).toContain('<ul class="modal-errors" role="alert"><li>Elsewhere.</li></ul>');
  });

  it('draws the Home view as a view container, and says so when nothing is published', () => {
    const { main, composer, thread } = renderSections(
      sampleSnapshot({ pane: 'home', openThread: THREAD_TS }),
    );
    expect(main).toContain('data-testid="home"');
    expect(main).toContain('data-container="view" data-view-id="VHOME1"');
    expect(main).toContain('>Refresh</button>');
    expect(composer).toBe('');
    expect(thread).toBe('');
    expect(renderSections(sampleSnapshot({ pane: 'home', home: null })).main).toContain(
      'Nothing published yet',
    );
  });

  it('lists the outbox and opens an email, with its HTML in a sandboxed frame', () => {
    const { main } = renderSections(sampleSnapshot({ pane: 'mail', openEmail: 1 }));
    expect(main).toContain('data-testid="mail"');
    expect(main).toMatch(
      /href="\?user=U0JUSTIN&amp;pane=mail&amp;email=2" data-email-id="2">.*Your renewal quote/,
    );
    expect(main).toContain('<span class="mail-status status-pending">pending</span>');
    expect(main).toContain('<iframe class="mail-html" sandbox src="/sandbox/emails/1/html"');
    expect(main).toContain('data-testid="email"');
    const sent = renderSections(sampleSnapshot({ pane: 'mail', openEmail: 2 })).main;
    expect(sent).toContain('quote-Q-2026-001.pdf');
    expect(sent).toContain(
      '<pre class="mail-text">Hi Marcus,\n\nAttached is the quote.\n\nJustin</pre>',
    );
    expect(renderSections(sampleSnapshot({ pane: 'mail', emails: [] })).main).toContain(
      'No emails yet',
    );
  });

  it('an email to a CSM has a Reply box; an email to a customer has none', () => {
    const digest = renderSections(sampleSnapshot({ pane: 'mail', openEmail: 1 })).main;
    expect(digest).toMatch(/<form class="composer mail-reply" data-mail-reply data-email-id="1"/);
    expect(digest).toContain('placeholder="2 snooze monday"');
    const quote = renderSections(sampleSnapshot({ pane: 'mail', openEmail: 2 })).main;
    expect(quote).not.toContain('data-mail-reply');
  });

  it('escapes every name and text of the snapshot', () => {
    const evil = '<script>alert(1)</script>';
    const snapshot = sampleSnapshot({
      users: [{ ...MAYA, name: evil }],
      user: { ...MAYA, name: evil, tz: 'Not/AZone' },
      pane: 'dm',
      dm: {
        channel: 'D1',
        messages: [message({ text: evil, author: { id: 'U2', name: evil, isBot: false } })],
        replies: {},
      },
      emails: [{ ...sampleSnapshot().emails[0]!, subject: evil, to: [evil], text: evil }],
      jobLog: [evil],
    });
    const all =
      Object.values(renderSections(snapshot)).join('') +
      renderSections({ ...snapshot, pane: 'mail', openEmail: 2 }).main;
    expect(all).not.toContain('<script>');
    expect(all).toContain('&lt;script&gt;');
    expect(renderSections(snapshot).topbar).toContain('UTC');
  });
});
