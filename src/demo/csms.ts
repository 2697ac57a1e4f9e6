/**
 * The demo's CSM team: Justin from the seed's story, four peers around the world and their
 * manager Dana, who carries a small book of her own and receives everyone's escalations.
 * Slack user ids are left out on purpose: Renubu looks each CSM up by email.
 */
import type { RawRecord } from '../import/types.ts';

export const JUSTIN = 'csm-justin';
export const MANAGER = 'csm-dana';

interface DemoCsm {
  externalId: string;
  name: string;
  email: string;
  timezone: string;
}

export const DEMO_CSMS: readonly DemoCsm[] = [
  {
    externalId: MANAGER,
    name: 'Dana Whitfield',
    email: 'dana@renubu.example',
    timezone: 'America/New_York',
  },
  {
    externalId: JUSTIN,
    name: 'Justin Avery',
    email: 'justin@renubu.example',
    timezone: 'America/New_York',
  },
  {
    externalId: 'csm-maria',
    name: 'María González',
    email: 'maria@renubu.example',
    timezone: 'America/Los_Angeles',
  },
  {
    externalId: 'csm-oliver',
    name: 'Oliver Hughes',
    email: 'oliver@renubu.example',
    timezone: 'Europe/London',
  },
  {
    externalId: 'csm-lena',
    name: 'Lena Vogel',
    email: 'lena@renubu.example',
    timezone: 'Europe/Berlin',
  },
  {
    externalId: 'csm-wei',
    name: 'Wei Ling Tan',
    email: 'weiling@renubu.example',
    timezone: 'Asia/Singapore',
  },
  {
    externalId: 'csm-chloe',
    name: 'Chloe Nguyen',
    email: 'chloe@renubu.example',
    timezone: 'Australia/Sydney',
  },
];

/**
 * Who gets the next account that is not Justin's: the four peers in turn, and the manager one
 * time in eleven (a player-coach's smaller book).
 */
const ROTATION = [
  'csm-maria',
  'csm-oliver',
  'csm-lena',
  'csm-wei',
  'csm-chloe',
  'csm-maria',
  'csm-oliver',
  'csm-lena',
  'csm-wei',
  'csm-chloe',
  MANAGER,
] as const;

/** The owner of the `n`-th (0-based) account that is not Justin's. */
export function rotatingCsm(n: number): string {
  return ROTATION[n % ROTATION.length]!;
}

/** `csms.csv` rows (PRODUCT.md §2). */
export function csmRecords(): RawRecord[] {
  return DEMO_CSMS.map((csm) => ({
    external_id: csm.externalId,
    name: csm.name,
    email: csm.email,
    timezone: csm.timezone,
    ...(csm.externalId === MANAGER ? {} : { manager: MANAGER }),
  }));
}
