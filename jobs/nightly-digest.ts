/**
 * `nightly-digest` (PRODUCT.md §6): per CSM at 23:00 in their zone, the email digest of the
 * steps due tomorrow, only to CSMs who have any (src/email/digest-queue.ts renders and queues
 * it, one outbox row per CSM and night) and, when Slack is on, the same list as a DM with
 * Resume buttons. Email rows go out through the email deliverer (src/email/), Slack rows from
 * here. Steps: enqueue the CSM's digest (email and DM) → deliver Slack.
 */

import { findPerson } from '../src/db/step-states.ts';
import { localDay } from '../src/domain/dates.ts';
import { enqueueDigests } from '../src/email/digest-queue.ts';
import type { JobSpec } from './agenda.ts';
import { type CsmJobData, csmJobSchema } from './daily-run.ts';
import { deliver } from './deps.ts';

export const NIGHTLY_DIGEST = 'nightly-digest';
export const NIGHTLY_DIGEST_CRON = '0 23 * * *';

export const nightlyDigestJob: JobSpec<CsmJobData> = {
  name: NIGHTLY_DIGEST,
  schema: csmJobSchema,
  async run(deps, data) {
    const csm = await findPerson(deps.sql, data.csmId);
    if (!csm) return;
    const now = deps.clock.now();
    const day = localDay(now, csm.timezone);
    const slackDm = deps.slack !== null;
    const report = await enqueueDigests(deps.sql, { csmId: data.csmId, day, now, slackDm });
    deps.logger.info({ day, enqueued: report.enqueued }, 'nightly-digest');
    await deliver(deps);
  },
};
