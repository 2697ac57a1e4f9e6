import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyBegin,
  applyStepAction,
  applyWorkflowSnooze,
  type LastAction,
  type MachineAction,
  type MachineState,
  type StepRecord,
  type StepWork,
  stepIdsOfContext,
  toStepId,
  type UndoSnapshot,
  type WakeCause,
} from './step-machine.ts';
import { STEP_STATUSES, type StepStatus } from './step-status.ts';

const NOW = new Date('2026-05-04T10:00:00Z');
const DAY = 86_400_000;
const SETTINGS = { snooze: { rotLimitDays: 7, managerAfterDays: 2 } };
const UNTIL = new Date(NOW.getTime() + 2 * DAY);
const ANA = { id: 1, name: 'Ana <Lee>', recipient: 'U0ANA' };
const BEN = { id: 2, name: 'Ben Ode', recipient: 'U0BEN' };
const IDS = ['intro', 'risk-assessment', 'save-plan', 'summary'].map(toStepId);

function record(index: number, status: StepStatus, extra: Partial<StepRecord> = {}): StepRecord {
  return {
    index,
    id: IDS[index]!,
    status,
    snoozedUntil: status === 'snoozed' ? UNTIL : null,
    snoozeUntilEvent: null,
    snoozeCount: status === 'snoozed' ? 1 : 0,
    totalSnoozedSeconds: status === 'snoozed' ? 2 * 86_400 : 0,
    reason: null,
    escalatedTo: status === 'escalated' ? BEN.id : null,
    ...extra,
  };
}

function state(records: StepRecord[], over: Partial<MachineState['execution']> = {}): MachineState {
  return {
    execution: {
      id: 10,
      companyId: 1,
      csmId: ANA.id,
      status: 'in_progress',
      totalSteps: 4,
      currentStep: 1,
      customerName: 'Acme',
      steps: IDS.map((id) => ({ id, title: `Title of ${id}` })),
      hasThread: true,
      ...over,
    },
    records,
    csm: ANA,
    manager: BEN,
  };
}

const ACTIONS: Record<string, MachineAction> = {
  snooze: { action: 'snooze', until: UNTIL, event: null, reason: '' },
  skip: { action: 'skip', reason: 'not needed' },
  resume: { action: 'resume' },
  escalate: { action: 'escalate', reason: 'budget' },
  wake: { action: 'wake', cause: { kind: 'timer', snoozedUntil: UNTIL.toISOString() } },
};

const act = (s: MachineState, a: MachineAction, stepIndex: number | null = 1, actor = ANA.id) =>
  applyStepAction(s, { stepIndex, actorCsmId: actor, act: a }, NOW, SETTINGS);

/** Which action each step status takes (a pending step has no row yet). */
const ALLOWED: Record<StepStatus, string[]> = {
  pending: ['snooze', 'skip', 'escalate'],
  in_progress: ['snooze', 'skip', 'escalate'],
  snoozed: ['snooze', 'skip', 'resume', 'escalate', 'wake'],
  escalated: ['snooze', 'skip', 'resume', 'escalate'],
  completed: [],
  skipped: [],
};

describe('step machine: each action from each step status', () => {
  const rows = STEP_STATUSES.flatMap((status) =>
    Object.keys(ACTIONS).map((name) => ({ status, name })),
  );
  it.each(rows)('$name from $status: allowed exactly as the rules say', ({ status, name }) => {
    const before = status === 'pending' ? [] : [record(1, status)];
    const result = act(state(before), ACTIONS[name]!);
    const allowed = ALLOWED[status].includes(name);
    expect(result.ok).toBe(allowed);
    if (!result.ok) {
      // A refusal says in words what is wrong, naming the step.
      expect(result.refusal).toMatch(/^Step 2 Title of risk-assessment is /);
      return;
    }
    expect(result.audit).toMatchObject({ stepIndex: 1, actionType: name, performedBy: ANA.id });
    expect(result.state.records.filter((r) => r.index === 1)).toEqual([result.step]);
  });

  const expected: Record<string, StepStatus> = {
    snooze: 'snoozed',
    skip: 'skipped',
    resume: 'in_progress',
    escalate: 'escalated',
    wake: 'in_progress',
  };
  it.each(Object.keys(ACTIONS))('%s leads to its status', (name) => {
    const result = act(state([record(1, 'snoozed')]), ACTIONS[name]!);
    expect(result.ok && result.step.status).toBe(expected[name]);
  });
});

describe('step machine: the rules', () => {
  it('refuses a snooze without a reason once the step slept past the rot limit', () => {
    const slept = record(1, 'in_progress', { totalSnoozedSeconds: 8 * 86_400, snoozeCount: 3 });
    const refused = act(state([slept]), ACTIONS.snooze!);
    expect(refused).toMatchObject({ ok: false, problem: 'rot_needs_reason' });
    expect(!refused.ok && refused.refusal).toContain('more than 7 days in all');
    const withReason = act(state([slept]), {
      ...ACTIONS.snooze!,
      reason: 'legal',
    } as MachineAction);
    expect(withReason).toMatchObject({ ok: true, step: { snoozeCount: 4, reason: 'legal' } });
  });

  it('a re-snooze gives back the unslept seconds of the current snooze', () => {
    const until = new Date(NOW.getTime() + 5 * DAY);
    const result = act(state([record(1, 'snoozed')]), {
      action: 'snooze',
      until,
      event: 'ticket-solved',
      reason: 'waiting',
    });
    // 2 days counted, 2 not slept (given back), 5 more: 5 days in all.
    expect(result).toMatchObject({
      ok: true,
      before: { snoozedUntil: UNTIL },
      step: { totalSnoozedSeconds: 5 * 86_400, snoozeCount: 2, snoozeUntilEvent: 'ticket-solved' },
      audit: { reason: 'waiting', snoozedUntil: until, metadata: { event: 'ticket-solved' } },
    });
  });

  it('escalates to the manager with a message, and refuses without one', () => {
    const result = act(state([]), ACTIONS.escalate!);
    expect(result).toMatchObject({
      ok: true,
      step: { status: 'escalated', escalatedTo: BEN.id, reason: 'budget' },
      messages: [{ kind: 'escalated', to: BEN, fromName: ANA.name, reason: 'budget' }],
    });
    const alone = { ...state([]), manager: null };
    expect(act(alone, ACTIONS.escalate!)).toEqual({
      ok: false,
      problem: 'no_manager',
      refusal: 'You have no manager set in Renubu to escalate to.',
    });
  });

  it('refuses another CSM, an ended workflow and a step out of range, in words', () => {
    expect(act(state([]), ACTIONS.skip!, 1, 99)).toMatchObject({ problem: 'not_yours' });
    expect(act(state([], { status: 'abandoned' }), ACTIONS.skip!)).toMatchObject({
      refusal: 'That workflow is already closed.',
    });
    expect(act(state([]), ACTIONS.resume!, 9)).toMatchObject({
      problem: 'step_out_of_range',
      refusal: 'This workflow has steps 1 to 4; there is no step 10.',
    });
    expect(act(state([]), ACTIONS.resume!, null)).toMatchObject({ problem: 'not_snoozed' });
  });

  it('wakes only a step still snoozed so, and flags rot', () => {
    const moved = record(1, 'snoozed', { snoozedUntil: new Date(UNTIL.getTime() + DAY) });
    expect(act(state([moved]), ACTIONS.wake!, 1, ANA.id)).toMatchObject({
      problem: 'not_snoozed_so',
    });
    const rotten = record(1, 'snoozed', { totalSnoozedSeconds: 9 * 86_400, reason: 'legal' });
    const woken = applyStepAction(
      state([rotten]),
      { stepIndex: 1, actorCsmId: null, act: ACTIONS.wake! },
      NOW,
      SETTINGS,
    );
    expect(woken).toMatchObject({
      ok: true,
      step: { status: 'in_progress', totalSnoozedSeconds: 9 * 86_400, reason: 'legal' },
      audit: { actionType: 'wake', performedBy: null, metadata: { rot: true } },
      messages: [{ kind: 'woken', to: ANA, rot: true }],
    });
    const byEvent: WakeCause = {
      kind: 'event',
      until: 'ticket-solved',
      reason: 'T-1',
      eventKey: 'e1',
    };
    const untilEvent = record(1, 'snoozed', { snoozeUntilEvent: 'usage-recovers' });
    expect(act(state([untilEvent]), { action: 'wake', cause: byEvent })).toMatchObject({
      ok: false,
    });
  });

  it('a skip that leaves no step open completes the workflow', () => {
    const done = [0, 2, 3].map((i) => record(i, 'completed'));
    expect(act(state([...done, record(1, 'in_progress')]), ACTIONS.skip!)).toMatchObject({
      completesWorkflow: true,
    });
    expect(act(state(done), ACTIONS.skip!)).toMatchObject({ completesWorkflow: true });
    expect(act(state([done[0]!]), ACTIONS.skip!)).toMatchObject({ completesWorkflow: false });
  });
});

describe('step machine: how the thread follows', () => {
  const follow = (s: MachineState, a: MachineAction, stepIndex: number, how: 'follow' | 'reopen') =>
    applyStepAction(s, { stepIndex, actorCsmId: ANA.id, act: a, thread: how }, NOW, SETTINGS);

  it('snoozing the current step goes around it: the next pending step opens and is posted', () => {
    const s = state([record(0, 'completed'), record(1, 'in_progress'), record(3, 'pending')]);
    const result = follow(s, ACTIONS.snooze!, 1, 'follow');
    expect(result).toMatchObject({
      ok: true,
      thread: {
        note: true,
        moved: true,
        currentStep: 2,
        percentage: 25,
        opened: { index: 2, status: 'in_progress' },
        post: { index: 2, as: 'next' },
      },
      state: { execution: { currentStep: 2 } },
    });
    expect(result.ok && result.state.records.find((r) => r.index === 2)?.status).toBe(
      'in_progress',
    );
  });

  it('a step that is not the current one, or a resumed one, only gets its note', () => {
    const s = state([record(1, 'in_progress'), record(2, 'snoozed')]);
    const around = follow(s, ACTIONS.skip!, 2, 'follow');
    expect(around).toMatchObject({
      ok: true,
      thread: { note: true, moved: false, currentStep: 1, opened: null, post: null },
    });
    const resumed = follow(state([record(1, 'snoozed')]), ACTIONS.resume!, 1, 'follow');
    expect(resumed).toMatchObject({ thread: { note: true, moved: false, post: null } });
  });

  it('skipping the last open current step moves past the end and posts nothing', () => {
    const done = [0, 2, 3].map((i) => record(i, 'completed'));
    const result = follow(state([...done, record(1, 'in_progress')]), ACTIONS.skip!, 1, 'follow');
    expect(result).toMatchObject({
      completesWorkflow: true,
      thread: { moved: true, currentStep: 4, percentage: 100, opened: null, post: null },
    });
  });

  it('reopen posts the resumed step again, without a note or a move', () => {
    const result = follow(state([record(2, 'snoozed')]), ACTIONS.resume!, 2, 'reopen');
    expect(result).toMatchObject({
      thread: { note: false, moved: false, currentStep: 1, post: { index: 2, as: 'reopen' } },
    });
  });

  it('no thread move without a thread, without the door asking, or for a wake-up', () => {
    const s = state([record(1, 'snoozed')]);
    expect(follow(state([], { hasThread: false }), ACTIONS.skip!, 1, 'follow')).toMatchObject({
      thread: null,
      state: { execution: { currentStep: 1 } },
    });
    expect(act(s, ACTIONS.skip!)).toMatchObject({ thread: null });
    expect(follow(s, ACTIONS.wake!, 1, 'follow')).toMatchObject({ ok: true, thread: null });
  });
});

describe('step machine: undo', () => {
  const MIN = 60_000;
  const undoCall = (s: MachineState, actor = ANA.id) =>
    applyStepAction(
      s,
      { stepIndex: null, actorCsmId: actor, act: { action: 'undo' } },
      NOW,
      SETTINGS,
    );
  /** `a` applied to `s` (with the thread following) `minutesAgo`, then the state undo reads. */
  function actedOn(s: MachineState, a: MachineAction, stepIndex: number, minutesAgo: number) {
    const at = new Date(NOW.getTime() - minutesAgo * MIN);
    const done = applyStepAction(
      s,
      { stepIndex, actorCsmId: ANA.id, act: a, thread: 'follow' },
      at,
      SETTINGS,
    );
    if (!done.ok) throw new Error(done.refusal);
    const undo = done.audit?.metadata.undo as UndoSnapshot;
    const lastAction: LastAction = { id: 7, stepIndex, actionType: a.action, at, undo };
    return { ...done.state, lastAction };
  }
  const open = () =>
    state([
      record(0, 'completed'),
      record(1, 'in_progress'),
      record(2, 'pending'),
      record(3, 'pending'),
    ]);

  it.each([
    ['snooze', ACTIONS.snooze!],
    ['skip', ACTIONS.skip!],
    ['escalate', ACTIONS.escalate!],
  ])('reverts a %s of the current step within 10 minutes, the thread going back too', (_n, a) => {
    const s = open();
    const undone = undoCall(actedOn(s, a, 1, 9));
    expect(undone).toMatchObject({
      ok: true,
      step: { index: 1, status: 'in_progress', snoozedUntil: null, snoozeCount: 0 },
      reverted: { index: 2, status: 'pending' },
      thread: { moved: true, currentStep: 1, post: null },
      audit: { actionType: 'undo', stepIndex: 1, metadata: { undid: 7, action: a.action } },
      state: { execution: { currentStep: 1 } },
    });
    expect(undone.ok && undone.state.records).toEqual(s.records);
  });

  it('reverts a resume: the step snoozed again as it was, its time slept given back', () => {
    const snoozed = record(2, 'snoozed', { reason: 'legal' });
    const s = state([record(1, 'in_progress'), snoozed]);
    const undone = undoCall(actedOn(s, ACTIONS.resume!, 2, 1));
    expect(undone).toMatchObject({ ok: true, step: snoozed, reverted: null });
    expect(undone.ok && undone.state.records).toEqual(s.records);
  });

  it('refuses in words: nothing done, too late, already undone, changed since, not undoable', () => {
    expect(undoCall(state([]))).toMatchObject({
      problem: 'nothing_to_undo',
      refusal: 'There is nothing to undo: you have not changed a step of this workflow yet.',
    });
    expect(undoCall(actedOn(open(), ACTIONS.snooze!, 1, 11))).toMatchObject({
      problem: 'too_late_to_undo',
      refusal:
        'You snoozed step 2 Title of risk-assessment 11 minutes ago: undo works only within 10 minutes. Change the step from its menu instead.',
    });
    const snoozed = actedOn(open(), ACTIONS.snooze!, 1, 2);
    const undone = undoCall(snoozed);
    if (!undone.ok) throw new Error(undone.refusal);
    const again = {
      ...undone.state,
      lastAction: { ...snoozed.lastAction, id: 8, actionType: 'undo', undo: null },
    };
    expect(undoCall(again)).toMatchObject({ problem: 'nothing_to_undo' });
    // woken by its timer since: the step is in progress, not snoozed
    const woken = {
      ...snoozed,
      records: snoozed.records.map((r) =>
        r.index === 1 ? { ...r, status: 'in_progress' as const } : r,
      ),
    };
    expect(undoCall(woken)).toMatchObject({
      problem: 'changed_since',
      refusal:
        'Step 2 Title of risk-assessment changed after you snoozed it (it is in progress now); nothing was undone.',
    });
    const begun = {
      ...state([]),
      lastAction: { id: 1, stepIndex: 0, actionType: 'start', at: NOW, undo: null },
    };
    expect(undoCall(begun)).toMatchObject({
      refusal:
        'Your last action here (beginning the workflow) cannot be undone; nothing was changed.',
    });
    expect(undoCall(snoozed, 99)).toMatchObject({ problem: 'not_yours' });
  });

  it('refuses once the workflow went on past the step the action opened', () => {
    const s = actedOn(open(), ACTIONS.skip!, 1, 1);
    const went = { ...s, execution: { ...s.execution, currentStep: 3 } };
    expect(undoCall(went)).toMatchObject({ problem: 'changed_since' });
  });
});

describe('step machine: back', () => {
  const back = (s: MachineState, at = NOW) =>
    applyStepAction(
      s,
      { stepIndex: null, actorCsmId: ANA.id, act: { action: 'back' }, thread: 'follow' },
      at,
      SETTINGS,
    );
  const third = () =>
    state(
      [
        record(0, 'completed'),
        record(1, 'skipped', { reason: 'not needed' }),
        record(2, 'in_progress'),
        record(3, 'pending'),
      ],
      { currentStep: 2 },
    );

  it('reopens the step before the current one; the step left is pending again', () => {
    const done = back(third());
    if (!done.ok) throw new Error(done.refusal);
    expect(done.step).toMatchObject({ index: 1, status: 'in_progress', reason: null });
    expect(done.reverted).toMatchObject({ index: 2, status: 'pending' });
    expect(done.state.execution.currentStep).toBe(1);
    expect(done.state.records.map((r) => r.status)).toEqual([
      'completed',
      'in_progress',
      'pending',
      'pending',
    ]);
    expect(done.thread).toMatchObject({
      note: true,
      currentStep: 1,
      moved: true,
      percentage: 25,
      post: { index: 1, as: 'reopen' },
    });
    expect(done.audit).toMatchObject({
      actionType: 'back',
      stepIndex: 1,
      metadata: { from: 2, undo: { currentStep: 2, left: 2 } },
    });
  });

  it('refuses in words on the first step, and before a snoozed or escalated step', () => {
    const first = state([record(0, 'in_progress')], { currentStep: 0 });
    expect(back(first)).toMatchObject({
      ok: false,
      problem: 'nothing_before',
      refusal: 'This is step 1: there is no step before it to go back to.',
    });
    const snoozed = state([record(0, 'snoozed'), record(1, 'in_progress')]);
    expect(back(snoozed)).toMatchObject({
      ok: false,
      refusal: 'Step 1 Title of intro is snoozed: resume it instead (e.g. “resume 1”).',
    });
    const done = state([record(0, 'completed')], { status: 'completed' });
    expect(back(done)).toMatchObject({ ok: false, problem: 'stale_target' });
  });

  it('is undone within 10 minutes: the step completed again, the step left open again', () => {
    const s = third();
    const at = new Date(NOW.getTime() - 3 * 60_000);
    const done = back(s, at);
    if (!done.ok) throw new Error(done.refusal);
    const undo = done.audit?.metadata.undo as UndoSnapshot;
    const lastAction: LastAction = { id: 7, stepIndex: 1, actionType: 'back', at, undo };
    const undone = applyStepAction(
      { ...done.state, lastAction },
      { stepIndex: null, actorCsmId: ANA.id, act: { action: 'undo' }, thread: 'follow' },
      NOW,
      SETTINGS,
    );
    if (!undone.ok) throw new Error(undone.refusal);
    expect(undone.state.records).toEqual(s.records);
    expect(undone.state.execution.currentStep).toBe(2);
    expect(undone.thread).toMatchObject({ currentStep: 2, post: { index: 2, as: 'reopen' } });
  });
});

describe("step machine: a thread button's work (tick, continue, accept)", () => {
  const GATES: StepWork['gates'] = [
    { kind: 'none' },
    {
      kind: 'checklist-complete',
      items: [
        { id: 'a', label: 'Terms' },
        { id: 'b', label: 'Contacts' },
      ],
    },
    { kind: 'pricing-decided' },
    { kind: 'none' },
  ];
  const withWork = (s: MachineState, checked: Record<string, string[]> = {}, decided = false) => ({
    ...s,
    work: { gates: GATES, checked, decided },
  });
  const work = (s: MachineState, a: MachineAction, stepIndex: number, actor = ANA.id) =>
    applyStepAction(s, { stepIndex, actorCsmId: actor, act: a }, NOW, SETTINGS);
  const open = () =>
    state([
      record(0, 'completed'),
      record(1, 'in_progress'),
      record(2, 'pending'),
      record(3, 'pending'),
    ]);

  it('tick keeps the ticks once each and changes no step', () => {
    expect(work(withWork(open()), { action: 'tick', ticked: ['a', 'a'] }, 1)).toMatchObject({
      ok: true,
      audit: null,
      thread: null,
      work: { checked: ['a'] },
      step: { status: 'in_progress' },
    });
  });

  it('continue checks the gate in words (counted as a click), then completes and goes on', () => {
    expect(work(withWork(open(), { 1: ['a'] }), { action: 'continue' }, 1)).toEqual({
      ok: false,
      problem: 'gate',
      refusal: 'Tick every item first: Contacts.',
      counted: true,
    });
    const done = work(withWork(open(), { 1: ['a', 'b'] }), { action: 'continue' }, 1);
    expect(done).toMatchObject({
      ok: true,
      step: { status: 'completed' },
      audit: { actionType: 'complete', metadata: { undo: { currentStep: 1, opened: 2 } } },
      thread: { moved: true, currentStep: 2, percentage: 50, post: { index: 2, as: 'next' } },
      completesWorkflow: false,
    });
  });

  it('accept needs a scenario on the step, decides the price and goes on', () => {
    const s = { ...withWork(open()), records: [record(1, 'completed'), record(2, 'in_progress')] };
    const at2 = { ...s, execution: { ...s.execution, currentStep: 2 } };
    expect(work(at2, { action: 'continue' }, 2)).toMatchObject({
      refusal: 'Accept a scenario or set a price first.',
    });
    expect(work(at2, { action: 'accept', decided: null }, 2)).toMatchObject({
      refusal: 'That pricing scenario is not on this step.',
    });
    const decided = { scenario: 'recommended', changePct: 5, newArr: 105_000 };
    expect(work(at2, { action: 'accept', decided }, 2)).toMatchObject({
      ok: true,
      work: { decided },
      audit: { metadata: { decided } },
      thread: { currentStep: 3, opened: { index: 3 } },
    });
  });

  it('a step finished around the current one moves nothing; the last one completes the workflow', () => {
    const s = state(
      [
        record(0, 'in_progress'),
        record(1, 'completed'),
        record(2, 'completed'),
        record(3, 'completed'),
      ],
      { currentStep: 4 },
    );
    expect(work(withWork(s), { action: 'continue' }, 0)).toMatchObject({
      ok: true,
      thread: { moved: false, progressed: true, currentStep: 4, percentage: 100, post: null },
      completesWorkflow: true,
    });
  });

  it("refuses in the buttons' words: not yours, ended, not open", () => {
    expect(work(withWork(open()), { action: 'continue' }, 1, 99)).toMatchObject({
      refusal: 'That button belongs to a workflow that is not yours; nothing was changed.',
    });
    expect(
      work(withWork(state([], { status: 'completed' })), { action: 'continue' }, 1),
    ).toMatchObject({
      refusal: 'This workflow is already completed; nothing was changed.',
    });
    expect(work(withWork(open()), { action: 'continue' }, 0)).toMatchObject({
      refusal:
        "Step 1 is already done; the thread's latest step is where to go on. Nothing was changed.",
    });
    expect(work(withWork(open()), { action: 'tick', ticked: [] }, 2)).toMatchObject({
      refusal:
        "Step 3 is not open now; the thread's latest step is where to go on. Nothing was changed.",
    });
  });

  it('finish completes the step with what its door did, no gate asked, no undo', () => {
    const metadata = { email: { to: 'cfo@acme.test', subject: 'Renewal' } };
    const done = work(withWork(open()), { action: 'finish', metadata }, 1);
    expect(done).toMatchObject({
      ok: true,
      step: { status: 'completed' },
      audit: { actionType: 'complete', metadata },
      thread: { moved: true, currentStep: 2, post: { index: 2, as: 'next' } },
    });
    expect(done.ok && done.audit?.metadata).not.toHaveProperty('undo');
    expect(work(withWork(open()), { action: 'finish', metadata }, 2)).toMatchObject({
      ok: false,
      refusal:
        "Step 3 is not open now; the thread's latest step is where to go on. Nothing was changed.",
    });
  });

  /** Mark Complete on the last step (index 3) from the other steps' statuses. */
  const marked = (others: StepStatus[], over: Partial<StepWork> = {}) => {
    const records = [...others.map((status, i) => record(i, status)), record(3, 'in_progress')];
    const s = state(records, { currentStep: 3 });
    const titles = ['Intro', 'Risk', 'Save plan', 'Summary'];
    return work(
      { ...s, work: { gates: GATES, checked: {}, decided: false, titles, ...over } },
      {
        action: 'complete',
      },
      3,
    );
  };
  const MARK_COMPLETE: {
    others: StepStatus[];
    finished?: { status: string; waiting: string | null };
    refusal?: string;
  }[] = [
    {
      others: ['completed', 'completed', 'skipped'],
      finished: { status: 'completed', waiting: null },
    },
    {
      others: ['completed', 'snoozed', 'escalated'],
      finished: { status: 'in_progress', waiting: '2. Risk, 3. Save plan' },
    },
    {
      others: ['completed', 'pending', 'completed'],
      refusal:
        'Step 2. Risk is not done yet: finish or skip it before Mark Complete. Nothing was changed.',
    },
    {
      others: ['in_progress', 'pending', 'completed'],
      refusal:
        'Steps 1. Intro, 2. Risk are not done yet: finish or skip them before Mark Complete. Nothing was changed.',
    },
  ];
  it.each(MARK_COMPLETE)('Mark Complete with steps $others', ({ others, finished, refusal }) => {
    const result = marked(others);
    if (refusal) {
      expect(result).toEqual({ ok: false, problem: 'gate', refusal, counted: true });
      return;
    }
    expect(result).toMatchObject({
      ok: true,
      finished,
      step: { index: 3, status: 'completed' },
      audit: { actionType: 'complete', stepIndex: 3, performedBy: ANA.id },
      // the current step stays; the thread's parent shows every step behind it, at 100%
      state: { execution: { currentStep: 3 } },
      thread: { note: true, moved: false, currentStep: 4, percentage: 100, post: null },
      completesWorkflow: false,
    });
  });

  it('Mark Complete belongs to the last step only, past its gate', () => {
    const s = withWork(open());
    expect(work(s, { action: 'complete' }, 1)).toMatchObject({
      refusal: 'Mark Complete belongs to the last step only; nothing was changed.',
      counted: true,
    });
    const gated = marked(['completed', 'completed', 'completed'], {
      gates: [{ kind: 'none' }, { kind: 'none' }, { kind: 'none' }, { kind: 'pricing-decided' }],
    });
    expect(gated).toMatchObject({
      refusal: 'Accept a scenario or set a price first. Nothing was changed.',
    });
  });
});

describe("step machine: Let's Begin", () => {
  const call = { actorCsmId: ANA.id, stepIds: IDS, definitionId: 7 };
  const NOT_OPEN = 'That workflow is no longer open; your Home tab shows what is.';
  it.each([
    { instance: null, why: 'no such instance' },
    { instance: { id: 3, csmId: BEN.id, status: 'open' }, why: "another CSM's" },
    { instance: { id: 3, csmId: ANA.id, status: 'completed' }, why: 'completed' },
    { instance: { id: 3, csmId: ANA.id, status: 'abandoned' }, why: 'closed' },
  ])('refuses in words: $why', ({ instance }) => {
    expect(applyBegin(instance, call)).toEqual({
      ok: false,
      problem: 'stale_target',
      refusal: NOT_OPEN,
    });
  });

  it.each(['open', 'in_progress', 'snoozed'])(
    'begins an instance %s: first step in progress, 0%%, its start row',
    (status) => {
      const begun = applyBegin({ id: 3, csmId: ANA.id, status }, call);
      expect(begun).toMatchObject({
        ok: true,
        execution: { status: 'in_progress', currentStep: 0, percentage: 0 },
        audit: {
          stepIndex: 0,
          actionType: 'start',
          performedBy: ANA.id,
          metadata: { instanceId: 3, definitionId: 7 },
        },
        instanceStatus: 'in_progress',
      });
      expect(begun.ok && begun.records.map((r) => `${r.index}:${r.id}:${r.status}`)).toEqual([
        '0:intro:in_progress',
        '1:risk-assessment:pending',
        '2:save-plan:pending',
        '3:summary:pending',
      ]);
    },
  );

  it('refuses a workflow without steps', () => {
    expect(
      applyBegin({ id: 3, csmId: ANA.id, status: 'open' }, { ...call, stepIds: [] }),
    ).toMatchObject({
      ok: false,
      refusal: 'This workflow has no steps to begin; nothing was changed.',
    });
  });
});

describe('step machine: the whole workflow snoozed', () => {
  const call = { actorCsmId: ANA.id, until: UNTIL, reason: 'finance', instanceId: 3 };
  it('snoozes the execution until a time ahead, its audit row naming no step', () => {
    expect(applyWorkflowSnooze({ csmId: ANA.id, status: 'in_progress' }, call, NOW)).toEqual({
      ok: true,
      execution: { status: 'snoozed', snoozedUntil: UNTIL },
      audit: {
        stepIndex: null,
        actionType: 'snooze_workflow',
        performedBy: ANA.id,
        reason: 'finance',
        snoozedUntil: UNTIL,
        metadata: { instanceId: 3 },
      },
    });
  });
  it('refuses another CSM, an ended workflow and a past time, in words', () => {
    expect(applyWorkflowSnooze({ csmId: BEN.id, status: 'in_progress' }, call, NOW)).toMatchObject({
      problem: 'not_yours',
    });
    expect(applyWorkflowSnooze({ csmId: ANA.id, status: 'completed' }, call, NOW)).toMatchObject({
      refusal: 'That workflow is already completed.',
    });
    expect(
      applyWorkflowSnooze({ csmId: ANA.id, status: 'snoozed' }, { ...call, until: NOW }, NOW),
    ).toMatchObject({
      refusal: 'That time is already past: snooze the workflow until a later date or time.',
    });
  });
});

describe('step machine: properties', () => {
  const statusArb = fc.constantFrom(...STEP_STATUSES);
  const recordsArb = fc
    .array(fc.option(statusArb, { nil: undefined }), { minLength: 4, maxLength: 4 })
    .map((ss) => ss.flatMap((s, i) => (s === undefined || s === 'pending' ? [] : [record(i, s)])));
  const actionArb = fc.constantFrom(...Object.values(ACTIONS));
  const indexArb = fc.option(fc.integer({ min: -1, max: 5 }), { nil: null });

  it('never two states for one step, only the acted-on step changes, refusals have words', () => {
    fc.assert(
      fc.property(recordsArb, actionArb, indexArb, (records, action, index) => {
        const s = state(records);
        const result = act(s, action, index);
        if (!result.ok) {
          expect(result.refusal.length).toBeGreaterThan(10);
          return;
        }
        const indexes = result.state.records.map((r) => r.index);
        expect(new Set(indexes).size).toBe(indexes.length);
        const at = index ?? s.execution.currentStep;
        expect(result.step.index).toBe(at);
        expect(result.state.records.filter((r) => r.index !== at)).toEqual(
          records.filter((r) => r.index !== at),
        );
        expect(result.audit?.stepIndex).toBe(at);
        expect(result.audit?.actionType).toBe(action.action);
        // Time slept never goes below zero, a snooze always has its until.
        expect(result.step.totalSnoozedSeconds).toBeGreaterThanOrEqual(0);
        expect(result.step.status === 'snoozed').toBe(result.step.snoozedUntil !== null);
      }),
    );
  });

  it('applying a refused action again is refused the same way (pure: no hidden state)', () => {
    fc.assert(
      fc.property(recordsArb, actionArb, indexArb, (records, action, index) => {
        const s = state(records);
        expect(act(s, action, index)).toEqual(act(s, action, index));
      }),
    );
  });
});

describe('stepIdsOfContext', () => {
  it('reads slide ids, {id} and {slideId} steps, and nothing from anything else', () => {
    expect(stepIdsOfContext(['a', { id: 'b', title: 'B' }, { slideId: 'c' }])).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(stepIdsOfContext(null)).toBeNull();
    expect(stepIdsOfContext([])).toBeNull();
    expect(stepIdsOfContext([{ title: 'no id' }])).toBeNull();
  });
  it('refuses an empty step id with words', () => {
    expect(() => toStepId(' ')).toThrow(/non-empty slide id/);
  });
});
