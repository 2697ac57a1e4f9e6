/**
 * Work split over transactions side by side (a large company's daily run and its usage
 * rollups, by ranges of customer ids), committed together.
 */
import type { Sql, TransactionSql } from './connection.ts';
import type { CustomerRange } from './daily-facts.ts';

/**
 * Run `work` for each range in a transaction of its own, side by side, and commit them
 * together: a part that is done waits for the others, and when one fails, every other is
 * rolled back too, so a failed run leaves nothing of itself (as in one transaction, short
 * of a commit itself failing). Every part is settled before this returns or throws.
 */
export async function allOrNone<T>(
  sql: Sql,
  ranges: readonly (CustomerRange | null)[],
  work: (tx: TransactionSql, range: CustomerRange | null) => Promise<T>,
): Promise<T[]> {
  let fail: (error: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => undefined);
  let left = ranges.length;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const settled = await Promise.allSettled(
    ranges.map((range) =>
      sql.begin(async (tx) => {
        let result: T;
        try {
          result = await work(tx, range);
        } catch (error) {
          fail(error);
          throw error;
        }
        left -= 1;
        if (left === 0) finish();
        await Promise.race([finished, failed]);
        return result;
      }),
    ),
  );
  const rejected = settled.find((outcome) => outcome.status === 'rejected');
  if (rejected) throw rejected.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<T>).value);
}
