/**
 * The sandbox page's client: keeps the page in step with the sandbox and acts as a person.
 *
 * - State (user, pane, thread, email) lives in the URL query, so a reload keeps it.
 * - `GET /sandbox/ui?…&since=VERSION` is long-polled in a loop (the server holds it until
 *   something changes); after each action the poll is cut short and the page fetched at once.
 *   Only sections whose HTML changed are swapped; values typed into a swapped section, its
 *   open overflow menus and the focus are put back when the same control is still there.
 * - Clicks, selections and submissions become `POST /sandbox/act` (a SandboxAction of
 *   src/sandbox/snapshot.ts), the time control `POST /sandbox/time`.
 * The HTML comes from src/sandbox/ui/*.ts; the data attributes read here are set there.
 */
import {
  addLocalDays,
  instantOfLocalInput,
  nextLocalTime,
  parseComposerText,
} from './client-logic.js';

/** @typedef {{ user: string, pane: string, thread: string, email: string }} PageState */

/** @type {PageState} */
let state = readState();
/** @type {number | null} */
let version = null;
/** Each section's HTML as last put on the page. */
const shown = new Map();
/** @type {AbortController | null} */
let poll = null;
let fetchNow = true;
/** The user for whom app_home_opened was sent since Home was last opened. */
let homeOpenedFor = '';
/** Which conversation the panes show: a new one scrolls to its latest message. */
let shownConversation = '';
/** @type {string | null} The modal on top when the page was last drawn. */
let shownModal = null;

const DISMISSED_KEY = 'renubu-sandbox-dismissed';

/** @returns {PageState} */
function readState() {
  const q = new URLSearchParams(location.search);
  return {
    user: q.get('user') ?? '',
    pane: q.get('pane') ?? 'dm',
    thread: q.get('thread') ?? '',
    email: q.get('email') ?? '',
  };
}

/** @param {number | null} since */
function uiUrl(since) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(state)) if (value) q.set(key, value);
  if (since !== null) q.set('since', String(since));
  return `/sandbox/ui?${q}`;
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fetches the page forever: at once when asked to, else waiting for the next version. */
async function pollLoop() {
  for (;;) {
    const controller = new AbortController();
    poll = controller;
    const since = fetchNow || version === null ? null : version;
    fetchNow = false;
    try {
      const response = await fetch(uiUrl(since), { signal: controller.signal, cache: 'no-store' });
      if (!response.ok) throw new Error(`GET /sandbox/ui: HTTP ${response.status}`);
      apply(await response.json());
    } catch {
      if (!controller.signal.aborted) await sleep(1000);
    }
  }
}

/** Cuts the waiting poll short so the page is fetched at once. */
function refreshNow() {
  fetchNow = true;
  poll?.abort();
}

/** Sandbox time minus this browser's time (ms), from the last answer. */
let clockOffset = 0;

/** @param {{ version: number, now: string, sections: Record<string, string> }} data */
function apply(data) {
  version = data.version;
  // The sandbox clock runs with the wall clock from an offset: keep that offset, so the
  // time buttons count from the sandbox's now at the click, not at the last render.
  clockOffset = Date.parse(data.now) - Date.now();
  const conversation = `${state.user}|${state.pane}|${state.thread}`;
  const newConversation = conversation !== shownConversation;
  // Whether each conversation was scrolled to its end: new messages keep it there.
  const stick = SCROLLERS.map(
    (selector) => newConversation || atEnd(document.querySelector(selector)),
  );
  for (const [name, html] of Object.entries(data.sections)) {
    if (shown.get(name) === html) continue;
    const slot = document.querySelector(`[data-section="${name}"]`);
    if (!slot) continue;
    swap(/** @type {HTMLElement} */ (slot), html);
    shown.set(name, html);
  }
  SCROLLERS.forEach((selector, i) => {
    const scroller = document.querySelector(selector);
    if (scroller && stick[i]) scroller.scrollTop = scroller.scrollHeight;
  });
  shownConversation = conversation;
  afterRender();
}

const SCROLLERS = ['.main-scroll', '.thread-scroll'];

/** @param {Element | null} el */
function atEnd(el) {
  return el === null || el.scrollHeight - el.scrollTop - el.clientHeight < 40;
}

/**
 * Replaces a section's HTML, putting back the values typed into it and the focus.
 * @param {HTMLElement} slot
 * @param {string} html
 */
function swap(slot, html) {
  const active = /** @type {HTMLInputElement | null} */ (document.activeElement);
  const focusId = active && slot.contains(active) ? active.id : '';
  const selection =
    focusId && 'selectionStart' in active ? [active.selectionStart, active.selectionEnd] : null;
  const typed = [...slot.querySelectorAll('[data-dirty]')].map((el) => ({
    id: el.id,
    value: readControl(el),
  }));
  const openMenus = [...slot.querySelectorAll('.overflow-menu:not([hidden])')].map((m) => m.id);
  slot.innerHTML = html;
  // a menu open when the section changed (a reply came in) stays open, as in Slack
  for (const id of openMenus) {
    const menu = id ? document.getElementById(id) : null;
    if (!menu || !slot.contains(menu)) continue;
    menu.removeAttribute('hidden');
    menu.parentElement?.querySelector('.overflow-toggle')?.setAttribute('aria-expanded', 'true');
  }
  for (const { id, value } of typed) {
    const el = id ? document.getElementById(id) : null;
    if (el && slot.contains(el)) {
      writeControl(el, value);
      el.setAttribute('data-dirty', '1');
    }
  }
  const again = focusId
    ? /** @type {HTMLInputElement | null} */ (document.getElementById(focusId))
    : null;
  if (!again) return;
  again.focus();
  if (selection && typeof again.setSelectionRange === 'function') {
    try {
      again.setSelectionRange(selection[0], selection[1]);
    } catch {
      // Not every input type has a selection (date, number).
    }
  }
}

/** @param {Element} el */
function readControl(el) {
  const input = /** @type {HTMLInputElement} */ (el);
  if (input.type === 'checkbox' || input.type === 'radio') return input.checked;
  if (el instanceof HTMLSelectElement) return [...el.selectedOptions].map((o) => o.value);
  return input.value;
}

/**
 * @param {Element} el
 * @param {unknown} value
 */
function writeControl(el, value) {
  const input = /** @type {HTMLInputElement} */ (el);
  if (input.type === 'checkbox' || input.type === 'radio') input.checked = value === true;
  else if (el instanceof HTMLSelectElement && Array.isArray(value)) {
    for (const option of el.options) option.selected = value.includes(option.value);
  } else input.value = String(value);
}

/** What the page does after each draw: URL, hidden ephemerals, modal focus, Home event. */
function afterRender() {
  if (!state.user) {
    const selected = document.querySelector('[data-user-id][aria-current]');
    const user = selected?.getAttribute('data-user-id');
    if (user) {
      state = { ...state, user };
      history.replaceState(null, '', hrefOf(state));
    }
  }
  const dismissed = readDismissed();
  for (const el of document.querySelectorAll('[data-ephemeral-key]')) {
    if (dismissed.has(el.getAttribute('data-ephemeral-key') ?? '')) el.setAttribute('hidden', '');
  }
  const modal = document.querySelector('[data-modal-form]');
  const app = /** @type {HTMLElement} */ (document.getElementById('app'));
  // Like Slack, what is behind an open modal cannot be used (nor found by role).
  app.inert = modal !== null;
  if (modal) app.setAttribute('aria-hidden', 'true');
  else app.removeAttribute('aria-hidden');
  const modalId = modal?.getAttribute('data-view-id') ?? null;
  if (modal && modalId !== shownModal) {
    const first = modal.querySelector(
      '.modal-body input, .modal-body select, .modal-body textarea',
    );
    /** @type {HTMLElement | null} */ (first ?? modal.querySelector('button'))?.focus();
  }
  shownModal = modalId;
  if (state.pane === 'home' && state.user && homeOpenedFor !== state.user) {
    homeOpenedFor = state.user;
    act({ type: 'app_home_opened', user: state.user }, null);
  }
}

/** @param {PageState} s */
function hrefOf(s) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(s)) if (value) q.set(key, value);
  return `?${q}`;
}

/** @returns {Set<string>} */
function readDismissed() {
  try {
    return new Set(JSON.parse(sessionStorage.getItem(DISMISSED_KEY) ?? '[]'));
  } catch {
    return new Set();
  }
}

// ---------------------------------------------------------------------------------------
// Talking to the server

/**
 * @param {string} path
 * @param {unknown} body
 * @returns {Promise<any>}
 */
async function post(path, body) {
  try {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => null);
    if (data && typeof data.ok === 'boolean') return data;
    return { ok: false, error: `${path}: HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, error: `${path}: ${error instanceof Error ? error.message : error}` };
  }
}

/**
 * Sends a SandboxAction, the control disabled meanwhile; an error becomes a toast.
 * @param {Record<string, unknown>} action
 * @param {Element | null} control
 */
async function act(action, control) {
  setBusy(control, true);
  const result = await post('/sandbox/act', action);
  setBusy(control, false);
  if (!result.ok) toast(result.error ?? 'The action failed.');
  refreshNow();
  return result;
}

/**
 * @param {Element | null} control
 * @param {boolean} busy
 */
function setBusy(control, busy) {
  if (!control) return;
  const all = [control, ...control.querySelectorAll('button, input, select, textarea')];
  for (const el of all) {
    if ('disabled' in el) /** @type {HTMLButtonElement} */ (el).disabled = busy;
  }
  control.toggleAttribute('aria-busy', busy);
}

/** @param {string} message */
function toast(message) {
  const box = document.createElement('div');
  box.className = 'toast';
  box.setAttribute('role', 'alert');
  const text = document.createElement('span');
  text.textContent = message;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'btn btn-icon';
  close.setAttribute('aria-label', 'Dismiss notice');
  close.textContent = '✕';
  close.addEventListener('click', () => box.remove());
  box.append(text, close);
  document.getElementById('toasts')?.append(box);
}

// ---------------------------------------------------------------------------------------
// Block actions

/**
 * The container an element sits in, as SandboxAction's ActionContainer.
 * @param {Element} el
 */
function containerOf(el) {
  const c = /** @type {HTMLElement | null} */ (el.closest('[data-container]'));
  if (!c) return null;
  if (c.dataset.container === 'view') return { type: 'view', viewId: c.dataset.viewId ?? '' };
  return {
    type: 'message',
    channel: c.dataset.channel ?? '',
    ts: c.dataset.ts ?? '',
    ...(c.dataset.threadTs ? { threadTs: c.dataset.threadTs } : {}),
    ...(c.dataset.ephemeral ? { ephemeral: true } : {}),
  };
}

/**
 * Every input's raw value in a container: `{ [block_id]: { [action_id]: value } }`.
 * @param {Element} container
 */
function valuesOf(container) {
  /** @type {Record<string, Record<string, string | string[] | null>>} */
  const values = {};
  for (const el of container.querySelectorAll('[data-input]')) {
    const { blockId, actionId } = /** @type {HTMLElement} */ (el).dataset;
    if (!blockId || !actionId) continue;
    values[blockId] = { ...values[blockId], [actionId]: rawValueOf(el) };
  }
  return values;
}

/**
 * One element's raw value, by its Block Kit type.
 * @param {Element} el
 * @returns {string | string[] | null}
 */
function rawValueOf(el) {
  const kind = /** @type {HTMLElement} */ (el).dataset.kind;
  if (kind === 'checkboxes') {
    return [...el.querySelectorAll('input:checked')].map(
      (i) => /** @type {HTMLInputElement} */ (i).value,
    );
  }
  if (kind === 'radio_buttons') {
    return (
      /** @type {HTMLInputElement | null} */ (el.querySelector('input:checked'))?.value ?? null
    );
  }
  if (kind === 'multi_static_select') {
    return [.../** @type {HTMLSelectElement} */ (el).selectedOptions].map((o) => o.value);
  }
  const value = /** @type {HTMLInputElement} */ (el).value;
  return value === '' ? null : value;
}

/**
 * Sends a block_action for element `el` (the one carrying data-kind), with what was chosen.
 * @param {HTMLElement} el
 * @param {Record<string, unknown>} chosen
 */
async function blockAction(el, chosen) {
  const containerEl = el.closest('[data-container]');
  const container = containerOf(el);
  if (!container || !containerEl) return;
  const values = valuesOf(containerEl);
  await act(
    {
      type: 'block_action',
      user: state.user,
      container,
      actionId: el.dataset.actionId ?? '',
      ...(el.dataset.blockId ? { blockId: el.dataset.blockId } : {}),
      ...chosen,
      ...(Object.keys(values).length > 0 ? { values } : {}),
    },
    el,
  );
}

/**
 * Shows the element's confirm dialog, if it has one; resolves whether to go on.
 * @param {HTMLElement} el
 * @returns {Promise<boolean>}
 */
function confirmed(el) {
  const raw = el.dataset.confirm;
  if (!raw) return Promise.resolve(true);
  const spec = JSON.parse(raw);
  const dialog = /** @type {HTMLDialogElement} */ (document.getElementById('confirm-dialog'));
  /** @type {HTMLElement} */ (document.getElementById('confirm-title')).textContent = spec.title;
  /** @type {HTMLElement} */ (document.getElementById('confirm-text')).textContent = spec.text;
  const ok = /** @type {HTMLElement} */ (document.getElementById('confirm-ok'));
  ok.textContent = spec.confirm;
  ok.className = `btn ${spec.style === 'danger' ? 'btn-danger' : 'btn-primary'}`;
  /** @type {HTMLElement} */ (document.getElementById('confirm-deny')).textContent = spec.deny;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), {
      once: true,
    });
  });
}

/** @param {string | undefined} url */
function openUrl(url) {
  if (url) window.open(url, '_blank', 'noopener');
}

/** Closes every open overflow menu but `keep`. @param {Element | null} keep */
function closeMenus(keep) {
  for (const menu of document.querySelectorAll('.overflow-menu:not([hidden])')) {
    if (menu === keep) continue;
    menu.setAttribute('hidden', '');
    menu.parentElement?.querySelector('.overflow-toggle')?.setAttribute('aria-expanded', 'false');
  }
}

// ---------------------------------------------------------------------------------------
// Events

document.addEventListener('click', async (event) => {
  const target = /** @type {HTMLElement} */ (event.target);
  const link = /** @type {HTMLAnchorElement | null} */ (target.closest('a[href^="?"]'));
  if (link && !event.metaKey && !event.ctrlKey) {
    event.preventDefault();
    navigate(link.getAttribute('href') ?? '');
    return;
  }
  const toggle = target.closest('.overflow-toggle');
  const menuItem = /** @type {HTMLElement | null} */ (target.closest('[role="menuitem"]'));
  closeMenus(toggle ? (toggle.parentElement?.querySelector('.overflow-menu') ?? null) : null);
  if (toggle) {
    const menu = toggle.parentElement?.querySelector('.overflow-menu');
    const open = menu?.hasAttribute('hidden') ?? false;
    menu?.toggleAttribute('hidden', !open);
    toggle.setAttribute('aria-expanded', String(open));
    /** @type {HTMLElement | null | undefined} */ (
      menu?.querySelector('[role="menuitem"]')
    )?.focus();
    return;
  }
  if (menuItem) {
    const overflow = /** @type {HTMLElement} */ (menuItem.closest('[data-kind="overflow"]'));
    if (!(await confirmed(overflow))) return;
    openUrl(menuItem.dataset.url);
    await blockAction(overflow, { selectedOption: menuItem.dataset.optionValue });
    return;
  }
  const button = /** @type {HTMLButtonElement | null} */ (
    target.closest('button[data-kind="button"]')
  );
  if (button) {
    if (!(await confirmed(button))) return;
    // A url button opens its page and still tells the bot, as Slack does.
    openUrl(button.dataset.url);
    await blockAction(
      button,
      button.dataset.value === undefined ? {} : { value: button.dataset.value },
    );
    return;
  }
  const close = target.closest('[data-modal-close]');
  if (close) {
    const form = /** @type {HTMLElement} */ (close.closest('[data-modal-form]'));
    await act({ type: 'view_closed', user: state.user, viewId: form.dataset.viewId }, form);
    return;
  }
  const dismiss = target.closest('[data-dismiss-ephemeral]');
  if (dismiss) {
    const message = dismiss.closest('[data-ephemeral-key]');
    const dismissed = readDismissed();
    dismissed.add(message?.getAttribute('data-ephemeral-key') ?? '');
    sessionStorage.setItem(DISMISSED_KEY, JSON.stringify([...dismissed]));
    message?.setAttribute('hidden', '');
    return;
  }
  const quick = /** @type {HTMLElement | null} */ (
    target.closest('[data-time-next], [data-time-days]')
  );
  if (quick) {
    const form = /** @type {HTMLFormElement} */ (quick.closest('.time-control'));
    const { tz = 'UTC' } = form.dataset;
    const now = new Date(Date.now() + clockOffset).toISOString();
    const to = quick.dataset.timeNext
      ? nextLocalTime(now, tz, quick.dataset.timeNext)
      : addLocalDays(now, tz, Number(quick.dataset.timeDays));
    await moveTime(to, form);
  }
});

document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') closeMenus(null);
  const target = /** @type {HTMLElement} */ (event.target);
  // In the composer Enter sends and Shift+Enter starts a new line, as in Slack.
  if (event.key === 'Enter' && !event.shiftKey && target.matches('[data-composer] textarea')) {
    event.preventDefault();
    /** @type {HTMLFormElement} */ (target.closest('form')).requestSubmit();
  }
});

document.addEventListener('input', (event) => {
  /** @type {HTMLElement} */ (event.target).setAttribute('data-dirty', '1');
});

document.addEventListener('change', async (event) => {
  const target = /** @type {HTMLElement} */ (event.target);
  target.setAttribute('data-dirty', '1');
  const el = /** @type {HTMLElement | null} */ (target.closest('[data-kind][data-dispatch]'));
  if (!el) return;
  if (!(await confirmed(el))) return;
  const kind = el.dataset.kind;
  const value = rawValueOf(el);
  /** @type {Record<string, unknown>} */
  let chosen = {};
  if (kind === 'checkboxes' || kind === 'multi_static_select')
    chosen = { selectedOptions: value ?? [] };
  else if (kind === 'static_select' || kind === 'radio_buttons') chosen = { selectedOption: value };
  else if (kind === 'datepicker') chosen = { selectedDate: value };
  else if (kind === 'timepicker') chosen = { selectedTime: value };
  else chosen = { value };
  await blockAction(el, chosen);
});

document.addEventListener('submit', async (event) => {
  const form = /** @type {HTMLFormElement} */ (event.target);
  if (form.matches('[data-modal-form]')) {
    event.preventDefault();
    if (!requiredFilled(form)) return;
    const submit = form.querySelector('button[type="submit"]');
    await act(
      {
        type: 'view_submission',
        user: state.user,
        viewId: form.dataset.viewId,
        values: valuesOf(form),
      },
      submit,
    );
  } else if (form.matches('[data-mail-reply]')) {
    event.preventDefault();
    await sendEmailReply(form);
  } else if (form.matches('[data-composer]')) {
    event.preventDefault();
    await sendCommand(form);
  } else if (form.matches('.time-control')) {
    event.preventDefault();
    const input = /** @type {HTMLInputElement} */ (
      form.querySelector('input[type="datetime-local"]')
    );
    const to = instantOfLocalInput(input.value, form.dataset.tz ?? 'UTC');
    if (to) await moveTime(to, form);
    else toast('Pick a date and time to run the jobs until.');
  }
});

window.addEventListener('popstate', () => {
  state = readState();
  refreshNow();
});

/**
 * Slack refuses to submit a modal with an empty required input; so does the page.
 * @param {HTMLFormElement} form
 */
function requiredFilled(form) {
  let ok = true;
  for (const note of form.querySelectorAll('.required-error')) note.remove();
  for (const block of form.querySelectorAll('.block-input')) {
    const el = block.querySelector('[data-input]');
    const optional = block.querySelector('.optional') !== null;
    if (!el || optional) continue;
    const value = rawValueOf(el);
    if (value === null || (Array.isArray(value) && value.length === 0)) {
      ok = false;
      const note = document.createElement('div');
      note.className = 'input-error required-error';
      note.textContent = 'Please complete this required field.';
      block.append(note);
    }
  }
  return ok;
}

/**
 * The Outbox's Reply box: the text goes through the bot's email reply handler.
 * @param {HTMLFormElement} form
 */
async function sendEmailReply(form) {
  const box = /** @type {HTMLTextAreaElement} */ (form.querySelector('textarea'));
  const submit = form.querySelector('button[type="submit"]');
  setBusy(submit, true);
  const result = await post(`/sandbox/emails/${form.dataset.emailId}/reply`, { text: box.value });
  setBusy(submit, false);
  if (result.ok) box.value = '';
  else toast(result.error ?? 'The reply failed.');
  refreshNow();
}

/** @param {HTMLFormElement} form */
async function sendCommand(form) {
  const box = /** @type {HTMLTextAreaElement} */ (form.querySelector('textarea'));
  const hint = form.querySelector('.composer-hint');
  const parsed = parseComposerText(box.value);
  if (!parsed.ok) {
    if (hint) hint.textContent = parsed.hint;
    hint?.classList.add('warn');
    return;
  }
  hint?.classList.remove('warn');
  // As in Slack: a message typed in the thread pane is a reply in that thread; a slash
  // command is run in the channel and carries no thread.
  const inThread = form.dataset.testid === 'thread-composer' && state.thread;
  const action =
    parsed.kind === 'message'
      ? {
          type: 'message',
          user: state.user,
          text: parsed.text,
          ...(inThread ? { threadTs: state.thread } : {}),
        }
      : { type: 'command', user: state.user, text: parsed.text };
  const result = await act(action, form);
  if (result.ok) {
    box.value = '';
    box.removeAttribute('data-dirty');
  }
  box.focus();
}

/**
 * @param {string} to ISO instant
 * @param {HTMLFormElement} form
 */
async function moveTime(to, form) {
  const status = document.getElementById('time-status');
  setBusy(form, true);
  if (status) status.textContent = `Running jobs until ${to}…`;
  const result = await post('/sandbox/time', { to });
  setBusy(form, false);
  if (status) {
    status.textContent = result.ok
      ? `Ran ${result.ran.length} job step(s); now ${result.now}.`
      : '';
    status.classList.toggle('error', !result.ok);
  }
  if (!result.ok) toast(result.error ?? 'The time move failed.');
  form.querySelector('[data-dirty]')?.removeAttribute('data-dirty');
  refreshNow();
}

/** @param {string} href `?user=…&pane=…` */
function navigate(href) {
  history.pushState(null, '', href);
  const before = state;
  state = readState();
  if (state.pane === 'home' && (before.pane !== 'home' || before.user !== state.user))
    homeOpenedFor = '';
  refreshNow();
}

pollLoop();
