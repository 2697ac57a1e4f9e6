/**
 * Word lists for plausible demo names: companies (two words plus an industry word), people,
 * job titles and support ticket subjects. "Obsidian Black" and "Marcus Chen" are reserved for
 * the narrative account, so neither can be drawn here.
 */
import type { Random } from './prng.ts';

// biome-ignore format: a word list reads best packed
const COMPANY_FIRST = [
  'Amber', 'Apex', 'Arbor', 'Atlas', 'Aurora', 'Basalt', 'Beacon', 'Birch', 'Bluewater',
  'Bright', 'Cedar', 'Cobalt', 'Copper', 'Crimson', 'Delta', 'Ember', 'Evergreen', 'Falcon',
  'Fjord', 'Granite', 'Harbor', 'Helix', 'Indigo', 'Juniper', 'Keystone', 'Lumen', 'Maple',
  'Meridian', 'Nimbus', 'Northwind', 'Oakridge', 'Orchid', 'Pinnacle', 'Quartz', 'Redwood',
  'Sable', 'Sierra', 'Silverline', 'Summit', 'Tidal', 'Vertex', 'Willow', 'Zephyr', 'Lark',
  'Prairie', 'Saltmarsh', 'Thistle', 'Union',
] as const;

// biome-ignore format: a word list reads best packed
const COMPANY_SECOND = [
  'Bridge', 'Field', 'Forge', 'Gate', 'Grove', 'Labs', 'Line', 'Peak', 'Point', 'Ridge',
  'Rock', 'Stone', 'Works', 'Wave', 'Path', 'Crest', 'Hollow', 'Mill', 'Bay', 'Vale',
  'Street', 'Yard', 'Signal', 'Loop',
] as const;

/** Industry → words that end a company name in it. */
const INDUSTRY_WORDS = {
  Software: ['Software', 'Systems', 'Cloud', 'Digital'],
  Healthcare: ['Health', 'Medical', 'Care', 'Clinics'],
  'Financial Services': ['Capital', 'Financial', 'Partners', 'Bank'],
  Logistics: ['Logistics', 'Freight', 'Shipping', 'Transport'],
  Retail: ['Retail', 'Goods', 'Outfitters', 'Market'],
  Manufacturing: ['Manufacturing', 'Industries', 'Components', 'Fabrication'],
  Education: ['Learning', 'Academy', 'Education', 'Schools'],
  Media: ['Media', 'Studios', 'Publishing', 'Broadcast'],
  Energy: ['Energy', 'Power', 'Renewables', 'Utilities'],
  Cybersecurity: ['Security', 'Defense', 'Shield', 'Cyber'],
  Hospitality: ['Hotels', 'Hospitality', 'Resorts', 'Dining'],
  Insurance: ['Insurance', 'Mutual', 'Assurance', 'Underwriters'],
} as const satisfies Record<string, readonly string[]>;

export type Industry = keyof typeof INDUSTRY_WORDS;
export const INDUSTRIES = Object.keys(INDUSTRY_WORDS) as Industry[];

export interface CompanyName {
  name: string;
  /** Email domain for the company's contacts, e.g. `cedarforge.example`. */
  domain: string;
}

/** A namer that never repeats the two-word core of a name (nor its email domain). */
export function createCompanyNamer(): (rng: Random, industry: Industry) => CompanyName {
  const used = new Set<string>();
  return (rng, industry) => {
    for (;;) {
      const first = rng.pick(COMPANY_FIRST);
      const second = rng.pick(COMPANY_SECOND);
      const core = `${first}${second}`.toLowerCase();
      if (used.has(core)) continue;
      used.add(core);
      // Short first words sometimes fuse with the second ("Amberforge"); long ones never do.
      const fuse = first.length <= 6 && rng.chance(0.5);
      const joined = fuse ? `${first}${second.toLowerCase()}` : `${first} ${second}`;
      return { name: `${joined} ${rng.pick(INDUSTRY_WORDS[industry])}`, domain: `${core}.example` };
    }
  };
}

// biome-ignore format: a word list reads best packed
const FIRST_NAMES = [
  'Aisha', 'Alejandro', 'Amara', 'Andrea', 'Ben', 'Carlos', 'Chen', 'Daniel', 'Deepa', 'Elena',
  'Emeka', 'Fatima', 'Felix', 'Grace', 'Hannah', 'Hiro', 'Ines', 'Isaac', 'Jade', 'James',
  'Jonas', 'Kavya', 'Keisha', 'Liam', 'Lucia', 'Mateo', 'Mei', 'Nadia', 'Noah', 'Olga',
  'Omar', 'Paolo', 'Quinn', 'Rafael', 'Rania', 'Rosa', 'Samir', 'Sofia', 'Tariq', 'Tomas',
  'Uma', 'Victor', 'Wen', 'Yara', 'Yusuf', 'Zoe', 'Ruth', 'Kenji', 'Ana', 'Erik',
] as const;

// biome-ignore format: a word list reads best packed
const LAST_NAMES = [
  'Abbott', 'Adeyemi', 'Alvarez', 'Bauer', 'Becker', 'Brooks', 'Castillo', 'Dubois', 'Eriksen',
  'Fischer', 'Garcia', 'Gupta', 'Haddad', 'Hayes', 'Ito', 'Jensen', 'Kaur', 'Kim', 'Kowalski',
  'Larsen', 'Lopez', 'Mensah', 'Moreau', 'Murphy', 'Nakamura', 'Novak', 'Okafor', 'Olsen',
  'Patel', 'Petrov', 'Quinn', 'Rahman', 'Rossi', 'Santos', 'Schmidt', 'Silva', 'Singh',
  'Sullivan', 'Tanaka', 'Torres', 'Varga', 'Walsh', 'Weber', 'Wong', 'Yilmaz', 'Zhang',
] as const;

export interface PersonName {
  name: string;
  /** The local part of an email address, e.g. `grace.okafor`. */
  handle: string;
}

export function drawPerson(rng: Random): PersonName {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  return { name: `${first} ${last}`, handle: `${first}.${last}`.toLowerCase() };
}

// biome-ignore format: a word list reads best packed
export const TITLES = {
  champion: ['Director of Operations', 'Head of Customer Operations', 'VP Engineering',
    'Operations Manager', 'Director of IT', 'Head of Platform'],
  executive: ['Chief Executive Officer', 'Chief Technology Officer', 'Chief Operating Officer',
    'Chief Financial Officer', 'SVP Operations'],
  user: ['Analyst', 'Team Lead', 'Operations Specialist', 'Software Engineer', 'Coordinator'],
  billing: ['Accounts Payable Manager', 'Controller', 'Procurement Lead'],
} as const;

// biome-ignore format: a word list reads best packed
export const TICKET_SUBJECTS = {
  positive: ['Thanks for the quick turnaround on SSO', 'Great onboarding session for the new team',
    'Feature request: scheduled exports', 'Question about adding more seats',
    'Loving the new reporting view', 'Help setting up a second workspace'],
  neutral: ['How do I rotate an API key?', 'Invoice copy for last quarter',
    'Question about data retention settings', 'Password reset for a user',
    'Clarify rate limits on the API', 'Change the billing contact'],
  negative: ['Dashboard keeps timing out', 'Data sync failing again',
    'Reports show wrong numbers since the update', 'Slow performance for our whole team',
    'Billing discrepancy on the last invoice', 'Unhappy with response times'],
  escalation: ['Escalation: outage blocked our month-end close', 'Urgent: integration down since Monday',
    'Escalation: data missing from last week', 'Urgent: users locked out after SSO change'],
} as const;
