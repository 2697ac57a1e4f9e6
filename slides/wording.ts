/**
 * Which words the data earns. Every sentence that judges a number (a relationship is strong,
 * usage is flat) picks its wording from the named bands below, so a template never calls a
 * falling account healthy or a 4% decline flat. The bands are about wording only; scoring
 * keeps its own tuned settings (src/domain/settings.ts).
 */
export const WORDING_BANDS = {
  /** Health (0-100) at or above this reads as good: a strong relationship when usage holds. */
  healthStrongMin: 75,
  /** Health at or above this (and below `healthStrongMin`) reads as steady; below, fragile. */
  healthSteadyMin: 50,
  /** Health below this is named as a risk signal on its own. */
  healthRiskSignalBelow: 60,
  /** A usage trend (percent over 30 days) whose size is below this reads as flat. */
  usageFlatBelowPct: 2,
} as const;

export type UsageBand = 'growing' | 'flat' | 'declining';
export type HealthBand = 'strong' | 'steady' | 'fragile';

export function usageBand(trendPct: number): UsageBand {
  if (Math.abs(trendPct) < WORDING_BANDS.usageFlatBelowPct) return 'flat';
  return trendPct > 0 ? 'growing' : 'declining';
}

/** The band of a health score as shown (whole points), so "75" never reads as merely steady. */
export function healthBand(score: number): HealthBand {
  const points = healthPoints(score);
  if (points >= WORDING_BANDS.healthStrongMin) return 'strong';
  return points >= WORDING_BANDS.healthSteadyMin ? 'steady' : 'fragile';
}

/** `12% usage growth`, `a 4% usage decline`, `flat usage`: a noun phrase for any sentence. */
export function usageTrendPhrase(trendPct: number): string {
  const size = Math.round(Math.abs(trendPct));
  switch (usageBand(trendPct)) {
    case 'flat':
      return 'flat usage';
    case 'growing':
      return `${size}% usage growth`;
    case 'declining':
      return `a ${size}% usage decline`;
  }
}

/** `up 12%`, `down 4%`, `flat`: how usage moved, after the word "usage". */
export function usageChangeWord(trendPct: number): string {
  const size = Math.round(Math.abs(trendPct));
  const band = usageBand(trendPct);
  return band === 'flat' ? 'flat' : `${band === 'growing' ? 'up' : 'down'} ${size}%`;
}

/**
 * What a customer-facing email says about usage: growth and a steady month are worth
 * naming; a decline is the CSM's to raise in person, not a thank-you note's opening.
 */
export function usageHighlight(trendPct: number): string {
  const size = Math.round(Math.abs(trendPct));
  switch (usageBand(trendPct)) {
    case 'growing':
      return `Over the last 30 days your team's usage grew ${size}%`;
    case 'flat':
      return "Over the last 30 days your team's usage held steady";
    case 'declining':
      return 'Your team has been with us all year';
  }
}

/** A health score as people read it: whole points. */
export function healthPoints(score: number): number {
  return Math.round(score);
}

/**
 * The intro's judgement of the relationship from health and usage together: "strong" only
 * when health is good AND usage is not falling; a good score with falling usage is a warning.
 * Subject and verb agree: one subject (the score) "points", two (score and usage) "point".
 */
export function relationshipSentence(health: number, trendPct: number): string {
  const score = `Their health score of ${healthPoints(health)}`;
  const usage = usageTrendPhrase(trendPct);
  const both = (judgement: string) => `${score} and ${usage} point to ${judgement}.`;
  const band = healthBand(health);
  const falling = usageBand(trendPct) === 'declining';
  if (band === 'strong') {
    return falling
      ? `${score} is good, but ${usage} is an early warning worth a closer look.`
      : both('a strong relationship');
  }
  if (band === 'steady') {
    return falling ? both('a relationship that needs attention') : both('a steady relationship');
  }
  return usageBand(trendPct) === 'growing'
    ? `${score} points to a fragile relationship, even with ${usage}.`
    : both('a fragile relationship');
}
