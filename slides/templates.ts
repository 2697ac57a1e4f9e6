/**
 * Strict template hydration for slides: a variable a template uses that the context lacks
 * (or holds as null) THROWS a {@link SlideVariableError} naming it, so a CSM never reads an
 * empty gap. Handlebars' own strict mode covers plain lookups but lets helper arguments and
 * `{{#if}}` conditions through as undefined, so every root-level path is checked first.
 */
import Handlebars from 'handlebars';
import { formatMoney, plural } from '../src/domain/index.ts';
import { formatDollars } from '../src/domain/money.ts';
import {
  healthPoints,
  relationshipSentence,
  usageChangeWord,
  usageHighlight,
  usageTrendPhrase,
} from './wording.ts';

/** A slide variable that is missing or wrong; `message` reads `variable "x": what is wrong`. */
export class SlideVariableError extends Error {
  constructor(
    readonly variable: string,
    readonly detail = 'is missing from the context',
  ) {
    super(`variable "${variable}": ${detail}`);
    this.name = 'SlideVariableError';
  }
}

const hb = Handlebars.create();

function numberArg(helper: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`{{${helper}}} needs a number, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** `{{money arr}}` → `$185K`. */
hb.registerHelper('money', (v: unknown) => formatMoney(numberArg('money', v)));
/** `{{percent usageTrendPct}}` → `+20%`, `−12%`, `0%` (whole percent, signed). */
hb.registerHelper('percent', (v: unknown) => {
  const n = Math.round(numberArg('percent', v));
  return `${n > 0 ? '+' : n < 0 ? '\u2212' : ''}${Math.abs(n)}%`;
});
/** `{{plural daysToRenewal "day" "days"}}` → `365 days` (the plural form defaults to +s). */
hb.registerHelper('plural', (v: unknown, one: unknown, many: unknown) => {
  const n = numberArg('plural', v);
  const word = typeof one === 'string' ? one : 'item';
  return plural(n, word, typeof many === 'string' ? many : undefined);
});
/** `{{dollars newArr}}` → `$199,800`: a price in whole dollars (src/domain/money.ts). */
hb.registerHelper('dollars', (v: unknown) => formatDollars(numberArg('dollars', v)));
/** `{{share seatUtilisation}}` → `85%` for 0.85. */
hb.registerHelper('share', (v: unknown) => `${Math.round(numberArg('share', v) * 100)}%`);
/** `{{score healthScore}}` → `75` for 75.2: a score in whole points. */
hb.registerHelper('score', (v: unknown) => String(healthPoints(numberArg('score', v))));
/** `{{trend usageTrendPct}}` → `12% usage growth`, `a 4% usage decline`, `flat usage`. */
hb.registerHelper('trend', (v: unknown) => usageTrendPhrase(numberArg('trend', v)));
/** `{{usageHighlight usageTrendPct}}` → `Over the last 30 days your team's usage grew 12%`. */
hb.registerHelper('usageHighlight', (v: unknown) => usageHighlight(numberArg('usageHighlight', v)));
/** `{{usageChange usageTrendPct}}` → `up 12%`, `down 4%`, `flat`. */
hb.registerHelper('usageChange', (v: unknown) => usageChangeWord(numberArg('usageChange', v)));
/**
 * `{{relationship healthScore usageTrendPct}}` → the whole sentence judging the relationship
 * from both (slides/wording.ts): `Their health score of 87 and 20% usage growth point to a
 * strong relationship.`
 */
hb.registerHelper('relationship', (health: unknown, trend: unknown) =>
  relationshipSentence(numberArg('relationship', health), numberArg('relationship', trend)),
);
/** `{{days daysToRenewal}}` → `in 12 days`, `today`, `3 days ago`. */
hb.registerHelper('days', (v: unknown) => {
  const n = numberArg('days', v);
  if (n === 0) return 'today';
  const count = plural(Math.abs(n), 'day');
  return n > 0 ? `in ${count}` : `${count} ago`;
});

type Node = { type: string; [key: string]: unknown };
const SCOPING_HELPERS = new Set(['each', 'with']);
const CONDITION_HELPERS = new Set(['if', 'unless']);

interface Found {
  /** Variables printed or passed to helpers: must be present. */
  required: Set<string>;
  /** Variables only tested by `#if`/`#unless`: may be absent when the slide declares them. */
  conditions: Set<string>;
}

interface Walk {
  found: Found;
  helpers: Set<string>;
  /** Variables tested by an enclosing `#if`: present and truthy inside its body. */
  guarded: ReadonlySet<string>;
}

/**
 * Root-level variable names a template reads. Paths inside `#each`/`#with` are relative to
 * their item and left to Handlebars' strict mode; a variable used inside `{{#if x}}…{{/if}}`
 * that is `x` itself is known to be there.
 */
function rootVariables(node: unknown, walk: Walk, asCondition = false): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) rootVariables(child, walk, asCondition);
    return;
  }
  const n = node as Node;
  if (n.type === 'PathExpression') {
    const p = n as unknown as { parts: string[]; data: boolean; depth: number };
    const name = p.parts[0];
    if (p.data || p.depth !== 0 || !name || walk.helpers.has(name)) return;
    if (asCondition) walk.found.conditions.add(name);
    else if (!walk.guarded.has(name)) walk.found.required.add(name);
    return;
  }
  const path = (n.path as { original?: string } | undefined)?.original;
  if (path !== undefined && !walk.helpers.has(path)) rootVariables(n.path, walk);
  const isBlock = n.type === 'BlockStatement' && path !== undefined;
  const condition = isBlock && CONDITION_HELPERS.has(path);
  rootVariables(n.params, walk, condition);
  rootVariables((n.hash as { pairs?: unknown } | undefined)?.pairs, walk);
  if (n.type === 'HashPair') rootVariables(n.value, walk);
  if (isBlock && SCOPING_HELPERS.has(path)) {
    rootVariables(n.inverse, walk);
    return;
  }
  const tested = (n.params as { type: string; original?: string }[] | undefined)?.[0];
  const body =
    condition && path === 'if' && tested?.type === 'PathExpression' && tested.original
      ? { ...walk, guarded: new Set([...walk.guarded, tested.original]) }
      : walk;
  rootVariables(n.program, body);
  rootVariables(n.inverse, walk);
  rootVariables(n.body, walk);
}

const compiled = new Map<string, { render: HandlebarsTemplateDelegate } & Found>();

function compile(template: string) {
  let entry = compiled.get(template);
  if (!entry) {
    const found: Found = { required: new Set(), conditions: new Set() };
    rootVariables(hb.parse(template), {
      found,
      helpers: new Set(Object.keys(hb.helpers)),
      guarded: new Set(),
    });
    entry = { render: hb.compile(template, { strict: true, noEscape: true }), ...found };
    compiled.set(template, entry);
  }
  return entry;
}

/** The root variables a template reads. */
export function templateVariables(template: string): string[] {
  const { required, conditions } = compile(template);
  return [...new Set([...required, ...conditions])];
}

/**
 * Hydrate `template` with `context`; throws SlideVariableError for an absent variable. A
 * variable only tested by `{{#if}}` may be absent when it is in `optional` (declared by the
 * slide's schema), so a typo in a condition still fails.
 */
export function hydrate(
  template: string,
  context: Record<string, unknown>,
  optional: ReadonlySet<string> = new Set(),
): string {
  const { render, required, conditions } = compile(template);
  for (const name of required) {
    if (context[name] === undefined || context[name] === null) throw new SlideVariableError(name);
  }
  for (const name of conditions) {
    if (!(name in context) && !optional.has(name)) throw new SlideVariableError(name);
  }
  try {
    return render(context);
  } catch (error) {
    const missing = /"([^"]+)" not defined/.exec((error as Error).message);
    if (missing) throw new SlideVariableError(missing[1]!);
    throw new SlideVariableError('(template)', (error as Error).message);
  }
}
