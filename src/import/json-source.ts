/**
 * One JSON file `{ "csms": [ … ], "customers": [ … ], … }`. JSON.parse gives the values; a
 * small scanner over the same text gives the line where each array element starts, so a bad
 * record is reported at the line a person would open.
 */
import fs from 'node:fs/promises';
import { RenubuError } from '../errors.ts';
import { type EntitySource, recordAt, type Warn } from './source.ts';
import { ENTITY_FILES } from './types.ts';

const EXPECTED = 'Expected one JSON object like { "csms": [ … ], "customers": [ … ] }.';

/**
 * For each key of the top-level object whose value is an array, the 1-based line where each
 * element starts. Assumes `text` is valid JSON (parse it first). A repeated key keeps its
 * last array, as JSON.parse does.
 */
export function elementLines(text: string): Map<string, number[]> {
  const lines = new Map<string, number[]>();
  let line = 1;
  let depth = 0;
  let lastString = '';
  let key = '';
  let current: number[] | undefined;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) {
      line++;
      continue;
    }
    if (ch === 13) {
      if (text.charCodeAt(i + 1) !== 10) line++;
      continue;
    }
    if (ch === 32 || ch === 9) continue;
    if (expectElement && ch !== 93 /* ] */) current?.push(line);
    expectElement = false;
    if (ch === 34 /* " */) {
      const start = i;
      for (i++; text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
      if (depth === 1) lastString = text.slice(start, i + 1);
    } else if (ch === 58 /* : */ && depth === 1) {
      key = JSON.parse(lastString) as string;
    } else if (ch === 123 /* { */ || ch === 91 /* [ */) {
      depth++;
      if (ch === 91 && depth === 2) {
        current = [];
        lines.set(key, current);
        expectElement = true;
      }
    } else if (ch === 125 /* } */ || ch === 93 /* ] */) {
      depth--;
    } else if (ch === 44 /* , */ && depth === 2) {
      expectElement = true;
    }
  }
  return lines;
}

/** Where JSON.parse gave up, as "line L, column C", when its message says. */
function syntaxErrorAt(text: string, message: string): string {
  const position = /at position (\d+)/.exec(message);
  if (!position) return message;
  const before = text.slice(0, Number(position[1]));
  const line = before.split(/\r\n|\r|\n/).length;
  const column = before.length - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  return `line ${line}, column ${column}: ${message.replace(/\s*in JSON at position \d+.*$/s, '')}`;
}

export async function jsonSources(filePath: string, file: string, warn: Warn) {
  const text = (await fs.readFile(filePath, 'utf8')).replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    const reason = syntaxErrorAt(text, (cause as Error).message).replace(/\s+/g, ' ');
    throw new RenubuError(
      'import_invalid',
      `${filePath} is not valid JSON (${reason}). ${EXPECTED}`,
      {
        cause,
      },
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new RenubuError('import_invalid', `${filePath} does not hold a JSON object. ${EXPECTED}`);
  const dataset = data as Record<string, unknown>;
  for (const key of Object.keys(dataset)) {
    if (!(ENTITY_FILES as readonly string[]).includes(key))
      warn(`${file}: "${key}" is not one of ${ENTITY_FILES.join(', ')}; ignored.`);
    else if (!Array.isArray(dataset[key]))
      throw new RenubuError(
        'import_invalid',
        `${filePath}: "${key}" must be an array of records. ${EXPECTED}`,
      );
  }
  const lines = elementLines(text);
  return ENTITY_FILES.filter((entity) => Array.isArray(dataset[entity])).map(
    (entity): EntitySource => ({
      entity,
      file,
      fieldPrefix: `${entity}.`,
      async *records() {
        const at = lines.get(entity) ?? [];
        const records = dataset[entity] as unknown[];
        for (let i = 0; i < records.length; i++) yield recordAt(entity, at[i] ?? i + 1, records[i]);
      },
    }),
  );
}
