/**
 * The outbox rows one process holds right now (claimed, not yet settled), so that shutdown
 * can stop claiming and hand unfinished rows back to the next process at once instead of
 * leaving them leased.
 */
import type { Sql } from '../db/connection.ts';
import { type Claim, releaseClaims } from '../db/outbox.ts';

export class ClaimsInFlight {
  /** Set at shutdown: deliverers claim nothing more. */
  stopping = false;
  private readonly held = new Map<number, Claim & { unsure: boolean }>();

  hold(claim: Claim) {
    this.held.set(claim.id, { id: claim.id, attempts: claim.attempts, unsure: false });
  }

  /** The send has begun (or an earlier one may have): a release must keep the row unsure. */
  unsure(id: number) {
    const claim = this.held.get(id);
    if (claim) claim.unsure = true;
  }

  settle(id: number) {
    this.held.delete(id);
  }

  get size() {
    return this.held.size;
  }

  /** Hand every row still held back to the next process (due `now`); how many went back. */
  async release(sql: Sql, now: Date): Promise<number> {
    const claims = [...this.held.values()];
    this.held.clear();
    return claims.length === 0 ? 0 : releaseClaims(sql, claims, now);
  }
}
