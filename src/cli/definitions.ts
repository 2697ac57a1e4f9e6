/**
 * `renubu definitions validate|load FILE [--company ID]`: check workflow definitions from a
 * JSON or YAML file (one definition or an array), composing each against a sample customer
 * so every template variable is checked; `load` then stores them, globally or as a company's
 * override, in one transaction. Errors read `FILE: definition "x": slide "y": variable "z": …`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { findCompanyId } from '../db/definitions.ts';
import { RenubuError } from '../errors.ts';
import { CompositionError, composeWorkflow } from '../workflows/compose.ts';
import { parseDefinitions, type WorkflowDefinition } from '../workflows/definitions.ts';
import { SAMPLE_CONTEXT } from '../workflows/sample-context.ts';
import { storeDefinitions } from '../workflows/store.ts';
import { type CommandContext, UsageError } from './context.ts';

export const usage =
  'renubu definitions validate|load FILE [--company ID]   check or store workflow definitions (JSON or YAML)';

interface Args {
  action: 'validate' | 'load';
  file: string;
  company: string | null;
}

function parseArgs(args: string[]): Args {
  const rest: string[] = [];
  let company: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--company') {
      company = args[++i] ?? null;
      if (!company) throw new UsageError('--company needs a company id.');
    } else if (arg.startsWith('--company=')) company = arg.slice('--company='.length);
    else if (arg.startsWith('--')) throw new UsageError(`Unknown option "${arg}".`);
    else rest.push(arg);
  }
  const [action, file, ...extra] = rest;
  if (action !== 'validate' && action !== 'load') {
    throw new UsageError('renubu definitions needs "validate" or "load".');
  }
  if (!file) throw new UsageError(`renubu definitions ${action} needs a FILE.`);
  if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}".`);
  return { action, file, company };
}

export async function readDefinitionsFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path.resolve(file), 'utf8');
  } catch (cause) {
    throw new RenubuError('not_found', `${file}: cannot read the file.`, { cause });
  }
  const json = path.extname(file).toLowerCase() === '.json';
  try {
    return json ? JSON.parse(text) : parseYaml(text);
  } catch (cause) {
    const what = json ? 'JSON' : 'YAML';
    throw new RenubuError('usage', `${file}: not valid ${what}: ${(cause as Error).message}`, {
      cause,
    });
  }
}

/**
 * Every error of every definition at once: schema errors, then composition errors against
 * the sample customer of each definition whose schema is good; [] when all is well.
 */
export function checkDefinitions(raw: unknown): {
  definitions: WorkflowDefinition[];
  errors: string[];
} {
  const parsed = parseDefinitions(raw);
  const errors: string[] = parsed.ok ? [] : [...parsed.errors];
  for (const definition of parsed.definitions) {
    try {
      composeWorkflow(definition, SAMPLE_CONTEXT);
    } catch (error) {
      if (!(error instanceof CompositionError)) throw error;
      errors.push(error.userMessage);
    }
  }
  return { definitions: errors.length > 0 ? [] : parsed.definitions, errors };
}

export async function run(ctx: CommandContext, args: string[]): Promise<number> {
  const { action, file, company } = parseArgs(args);
  const { definitions, errors } = checkDefinitions(await readDefinitionsFile(file));
  if (errors.length > 0) {
    for (const error of errors) ctx.err.write(`${file}: ${error}\n`);
    ctx.err.write(
      `${file}: ${errors.length} error(s); nothing ${action === 'load' ? 'stored' : 'checked further'}.\n`,
    );
    return 1;
  }
  for (const d of definitions) {
    ctx.out.write(
      `${file}: definition "${d.workflow_id}" (${d.name}): ${d.slide_sequence.join(' → ')}\n`,
    );
  }
  if (action === 'validate') {
    ctx.out.write(
      `${file}: ${definitions.length} definition(s) valid; each composes for a sample customer.\n`,
    );
    return 0;
  }
  const db = await ctx.openDatabase({ max: 2 });
  try {
    const companyId = company === null ? null : await findCompanyId(db.sql, company);
    if (company !== null && companyId === null) {
      throw new RenubuError('not_found', `No company "${company}": import or run the demo first.`);
    }
    const counts = await storeDefinitions(db.sql, definitions, companyId);
    const scope = company === null ? 'global' : `company "${company}"`;
    ctx.out.write(
      `${file}: stored ${definitions.length} ${scope} definition(s): ${counts.inserted} new, ${counts.updated} updated, ${counts.unchanged} unchanged.\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
}
