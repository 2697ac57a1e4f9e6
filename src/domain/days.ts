/**
 * Days to renewal on integer day numbers. Calendar arithmetic itself lives in `dates.ts`
 * (ARCHITECTURE.md "Time": dates and zones in one module); `dayNumber` and `isoDay` are
 * re-exported here for the rules that speak in day numbers.
 */
export { dayNumber, isoDay } from './dates.ts';

/**
 * `daysToRenewal = renewalDay − asOfDay` in whole days (PRODUCT.md §3): 0 on the renewal
 * day itself, negative once it has passed. Both are day numbers (`dayNumber`).
 */
export function daysToRenewal(renewalDay: number, asOfDay: number): number {
  return renewalDay - asOfDay;
}
