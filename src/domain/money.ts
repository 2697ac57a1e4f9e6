/**
 * The two ways Renubu writes money, and where each belongs:
 * - short form (`formatMoney`, describe-factors.ts: `$185K`) for the SIZE of an account in
 *   lists and sentences about it (cards, DM, Home, "They're at $185K ARR");
 * - full dollars (`formatDollars`: `$175,750`) for a PRICE: a pricing scenario, the price the
 *   CSM chose, a quote line, the completion note. A price is never rounded to thousands, so
 *   the same price reads the same on every step, in the quote, the PDF and the email.
 */

/** `$175,750`; a negative amount `-$1,200`; cents are rounded to whole dollars. */
export function formatDollars(amount: number): string {
  const whole = Math.round(Math.abs(amount));
  return `${amount < 0 && whole > 0 ? '-' : ''}$${whole.toLocaleString('en-US')}`;
}
