/**
 * Obsidian Black, the account of the seed's story: $185K ARR, renewal in exactly 365 days,
 * usage up exactly 20% with 85% of seats in use, a few happy tickets, Marcus Chen as an
 * active champion and an active executive, owned by Justin, account plan `expand`. Every
 * signal is written out here rather than drawn, so the story reads the same on any day.
 */
import { JUSTIN } from './csms.ts';
import type { AccountSpec } from './records.ts';
import { USAGE_WINDOW_DAYS } from './usage.ts';

export const OBSIDIAN_BLACK = 'obsidian-black';

const SEATS = 460;
/** 391 of 460 seats active on an average day of the last 30: utilisation 0.85. */
const DAILY_USERS_LAST_30 = 391;
const LATER_SUM = DAILY_USERS_LAST_30 * USAGE_WINDOW_DAYS;
/** +20% exactly: the later window is 6/5 of the earlier one (11,730 against 9,775). */
const EARLIER_SUM = (LATER_SUM * 5) / 6;

export function obsidianBlackSpec(): AccountSpec {
  return {
    externalId: OBSIDIAN_BLACK,
    name: 'Obsidian Black',
    domain: 'obsidianblack.example',
    industry: 'Cybersecurity',
    csm: JUSTIN,
    arr: 185_000,
    seats: SEATS,
    plan: 'expand',
    strategic: true,
    scenario: 'narrative',
    // A two-year term that started a year ago, renewed from a smaller first year.
    contract: { daysToRenewal: 365, termYears: 2, status: 'active', autoRenew: false },
    priorArr: 168_000,
    usage: { earlierSum: EARLIER_SUM, laterSum: LATER_SUM, eventsPerUser: 18 },
    contacts: [
      {
        key: 'champion',
        role: 'champion',
        name: 'Marcus Chen',
        handle: 'marcus.chen',
        title: 'VP Security Operations',
        active: true,
      },
      {
        key: 'executive',
        role: 'executive',
        name: 'Elena Vasquez',
        handle: 'elena.vasquez',
        title: 'Chief Information Security Officer',
        active: true,
      },
      {
        key: 'user-1',
        role: 'user',
        name: 'Priya Natarajan',
        handle: 'priya.natarajan',
        title: 'Security Analyst',
        active: true,
      },
      {
        key: 'billing',
        role: 'billing',
        name: 'Tom Becker',
        handle: 'tom.becker',
        title: 'Controller',
        active: true,
      },
    ],
    tickets: [
      {
        daysAgo: 64,
        minute: 14 * 60 + 10,
        priority: 'normal',
        status: 'solved',
        sentiment: 0.5,
        subject: 'Question about adding more seats',
      },
      {
        daysAgo: 37,
        minute: 16 * 60 + 45,
        priority: 'low',
        status: 'solved',
        sentiment: 0.8,
        subject: 'Thanks for the quick turnaround on SSO',
      },
      {
        daysAgo: 12,
        minute: 9 * 60 + 30,
        priority: 'normal',
        status: 'solved',
        sentiment: 0.6,
        subject: 'Feature request: scheduled SIEM exports',
      },
    ],
  };
}
