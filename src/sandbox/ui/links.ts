/**
 * The page's state lives in its URL query (`?user=U…&pane=dm&thread=TS&email=ID`), so a
 * reload keeps it; these are the links that change it. The client follows them without a
 * reload (static/client.js) and the server reads the same names on `GET /sandbox/ui`.
 */
import type { Pane } from '../snapshot.ts';

export interface PageState {
  user: string;
  pane: Pane;
  thread?: string | null;
  email?: number | null;
}

/** `?user=U1&pane=dm&thread=…`: only the parts that are set. */
export function hrefFor(state: PageState): string {
  const query = new URLSearchParams({ user: state.user, pane: state.pane });
  if (state.thread) query.set('thread', state.thread);
  if (state.email !== undefined && state.email !== null) query.set('email', String(state.email));
  return `?${query.toString()}`;
}
