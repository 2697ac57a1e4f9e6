import { describe, expect, it } from 'vitest';
import { formatProblems, formatSummary, lineRanges } from './report.ts';
import type { EntityReport, ImportReport } from './types.ts';

function entity(overrides: Partial<EntityReport> & Pick<EntityReport, 'entity' | 'file'>) {
  return {
    rows: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: [],
    notWritten: false,
    rejectedRows: 0,
    ...overrides,
  } satisfies EntityReport;
}

const bad = (line: number) => ({
  file: 'usage.csv',
  line,
  field: 'date',
  message: 'expected a date as YYYY-MM-DD, got "x"',
});

describe('formatSummary', () => {
  it('prints a line per file and a total', () => {
    const report: ImportReport = {
      company: 'acme',
      warnings: [],
      rejected: 2,
      entities: [
        entity({ entity: 'csms', file: 'csms.csv', rows: 1, inserted: 1 }),
        entity({ entity: 'customers', file: 'data.json', rows: 4, updated: 1, unchanged: 3 }),
        entity({ entity: 'usage', file: 'usage.csv', rows: 2, rejectedRows: 2, notWritten: true }),
      ],
    };
    expect(formatSummary(report)).toBe(
      [
        'Import into company "acme":',
        '  csms.csv              1 row: 1 inserted, 0 updated, 0 unchanged, 0 rejected',
        '  data.json customers  4 rows: 0 inserted, 1 updated, 3 unchanged, 0 rejected',
        '  usage.csv            2 rows: 0 inserted, 0 updated, 0 unchanged, 2 rejected (not written)',
        '  Total                7 rows: 1 inserted, 1 updated, 3 unchanged, 2 rejected',
        '',
      ].join('\n'),
    );
  });
});

describe('formatProblems', () => {
  it('is empty when nothing went wrong', () => {
    expect(formatProblems({ company: 'a', warnings: [], rejected: 0, entities: [] })).toBe('');
  });

  it('prints warnings, the first bad rows, how many more, and what was not written', () => {
    const report: ImportReport = {
      company: 'default',
      warnings: ['notes.txt: not one of csms.csv; ignored.'],
      rejected: 120,
      entities: [
        entity({
          entity: 'usage',
          file: 'usage.csv',
          rows: 500,
          rejectedRows: 120,
          notWritten: true,
          rejected: Array.from({ length: 100 }, (_, i) => bad(i + 2)),
        }),
      ],
    };
    const lines = formatProblems(report, 3).trimEnd().split('\n');
    expect(lines).toEqual([
      'warning: notes.txt: not one of csms.csv; ignored.',
      'usage.csv:2: date: expected a date as YYYY-MM-DD, got "x"',
      'usage.csv:3: date: expected a date as YYYY-MM-DD, got "x"',
      'usage.csv:4: date: expected a date as YYYY-MM-DD, got "x"',
      '… and 117 more bad rows',
      'Not written because of bad rows: usage.csv. Fix them, or use --skip-invalid to write the good rows.',
    ]);
  });

  it('names every row left out for what it points at, grouped by cause, past the printed ones', () => {
    const gone = 'customer "C-123" was rejected on customers.csv:7 (arr: expected a number)';
    const leftOut = (file: string, line: number) =>
      ({ file, line, field: 'customer', message: gone, leftOut: true }) as const;
    const report: ImportReport = {
      company: 'default',
      warnings: [],
      rejected: 6,
      entities: [
        entity({
          entity: 'contracts',
          file: 'contracts.csv',
          rejectedRows: 2,
          rejected: [leftOut('contracts.csv', 3), leftOut('contracts.csv', 9)],
        }),
        entity({
          entity: 'usage',
          file: 'usage.csv',
          rejectedRows: 4,
          rejected: [2, 3, 4, 6].map((line) => leftOut('usage.csv', line)),
        }),
      ],
    };
    expect(formatProblems(report, 1).split('\n').slice(1)).toEqual([
      '… and 5 more bad rows',
      'Rows left out for what they point at:',
      `  ${gone}: contracts.csv lines 3, 9; usage.csv lines 2-4, 6 (6 rows)`,
      '',
    ]);
  });
});

describe('lineRanges', () => {
  it.each([
    [[7], '7'],
    [[4, 2, 3, 9], '2-4, 9'],
    [[1, 3, 5, 6], '1, 3, 5-6'],
  ])('%j → %s', (list, text) => {
    expect(lineRanges(list)).toBe(text);
  });
});
