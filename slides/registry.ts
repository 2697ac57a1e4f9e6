/**
 * The slide library by id: what a definition's `slide_sequence` may name (PRODUCT.md §4).
 * A new slide is one file in slides/ and one line here.
 */
import { typeInWords } from '../blocks/format.ts';
import { accountOverviewSlide } from './account-overview.ts';
import type { Slide } from './define.ts';
import { emailDraftSlide } from './email-draft.ts';
import { escalationReviewSlide } from './escalation-review.ts';
import { expansionOpportunitySlide } from './expansion-opportunity.ts';
import { introSlide } from './intro.ts';
import { prepareQuoteSlide } from './prepare-quote.ts';
import { pricingStrategySlide } from './pricing-strategy.ts';
import { relationshipRebuildSlide } from './relationship-rebuild.ts';
import { riskAssessmentSlide } from './risk-assessment.ts';
import { savePlanSlide } from './save-plan.ts';
import { summarySlide } from './summary.ts';

const SLIDES: readonly Slide[] = [
  introSlide,
  accountOverviewSlide,
  pricingStrategySlide,
  prepareQuoteSlide,
  emailDraftSlide,
  summarySlide,
  riskAssessmentSlide,
  savePlanSlide,
  expansionOpportunitySlide,
  escalationReviewSlide,
  relationshipRebuildSlide,
];

export const SLIDE_REGISTRY: ReadonlyMap<string, Slide> = new Map(SLIDES.map((s) => [s.id, s]));

export const SLIDE_IDS: readonly string[] = SLIDES.map((s) => s.id);

/** The slide with this id, or undefined. */
export function findSlide(id: string): Slide | undefined {
  return SLIDE_REGISTRY.get(id);
}

/** A step's name as every surface says it: its slide's title ("Pricing strategy"), else the id in words. */
export function stepTitle(id: string): string {
  return findSlide(id)?.title ?? typeInWords(id);
}

export type { Artifact, BuiltSlide, Gate, Slide } from './define.ts';
export { buildSlide } from './define.ts';
export { SlideVariableError } from './templates.ts';
