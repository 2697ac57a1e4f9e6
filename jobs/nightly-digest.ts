/**
 * `nightly-digest` (PRODUCT.md §6): per CSM at 23:00 in their zone, the email digest of the
 * steps due tomorrow (and its DM), only to CSMs who have any. The rendering and the email
 * outbox are src/email/ (in progress): until `enqueueDigests` lands there, this job calls
 * `enqueueDigestsNotYetAvailable`, which logs and queues nothing.
 * Steps: enqueue the CSM's digests → deliver.
 */
import type { z } from 'zod';
import { localDate } from '../src/clock.ts';
import type { Sql } from '../src/db/connection.ts';
import { findPerson } from '../src/db/step-states.ts';
import type { JobSpec } from './agenda.ts';
import { csmJobSchema } from './daily-run.ts';
import { deliver, type JobDeps } from './deps.ts';

export const NIGHTLY_DIGEST = 'nightly-digest';
export const NIGHTLY_DIGEST_CRON = '0 23 * * *';

export type EnqueueDigests = (
  sql: Sql,
  request: { csmId: number; day: string; now: Date },
) => Promise<unknown>;

/** Stand-in for src/email/digest-queue.ts `enqueueDigests` until it exists. */
export async function enqueueDigestsNotYetAvailable(
  _sql: Sql,
  request: { csmId: number; day: string; now: Date },
  deps?: Pick<JobDeps, 'logger'>,
): Promise<number> {
  deps?.logger.warn(request, 'nightly-digest: email digests are not built yet; nothing queued');
  return 0;
}

export const nightlyDigestJob = {
  name: NIGHTLY_DIGEST,
  schema: csmJobSchema,
  async run(deps, data) {
    const csm = await findPerson(deps.sql, data.csmId);
    if (!csm) return;
    const now = deps.clock.now();
    const day = localDate(now, csm.timezone);
    await enqueueDigestsNotYetAvailable(deps.sql, { csmId: data.csmId, day, now }, deps);
    await deliver(deps);
  },
} satisfies JobSpec<z.infer<typeof csmJobSchema>>;
