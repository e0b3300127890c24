/** How the analysis ranks an option; drives the card's badge. */
export type OptionStance = 'primary' | 'declined' | 'interim' | 'default' | 'long-term';

export type ReleaseOption = {
  number: 1 | 2 | 3 | 4 | 5;
  title: string;
  /** A few words for the dashboard's one-line summary. */
  shortTitle: string;
  risk: string;
  speed: string;
  safety: string;
  runsWithoutUser: string;
  recommendation: string;
  stance: OptionStance;
  productDoes: string;
  /** Only for the declined option: the analysis's reason, sentence by sentence. */
  declinedBecause?: readonly string[];
};

/** The five paths from the human gate options analysis (KB-7258, 2026-06-03), as SPEC section 3 records them. */
export const releaseOptions: readonly ReleaseOption[] = [
  {
    number: 1,
    title: 'Formal L2/L4 ratification',
    shortTitle: 'L2/L4 ratification',
    risk: 'Low',
    speed: 'Medium',
    safety: 'Highest',
    runsWithoutUser: 'No for ratification; yes for the run once the gate is open',
    recommendation: 'Yes, primary path',
    stance: 'primary',
    productDoes:
      'The operator rehearses tiers 1–6 on the clone; an approver reviews the exact SQL and what the rehearsal ' +
      'was seen to do, and ratifies that; the gate opens, and the operator applies tiers 1–6 to production.',
  },
  {
    number: 2,
    title: 'One-time emergency/test production override (declined)',
    shortTitle: 'Production override, declined',
    risk: 'High',
    speed: 'Fast',
    safety: 'Poor',
    runsWithoutUser: 'Technically yes; declined on principle',
    recommendation: 'No',
    stance: 'declined',
    productDoes:
      'Shown as declined, with the reason. There is no override path anywhere: no flag, no role, no env var. ' +
      'Every attempt to apply a seed tier without a valid ratification is refused and recorded.',
    declinedBecause: [
      'Declined on principle: bypassing the gate fabricates authorization.',
      'The seed would assert accountability nobody ratified; on directus, which is production, ' +
        'that is a real and persistent sovereign claim.',
    ],
  },
  {
    number: 3,
    title: 'Production shadow mode (tiers 1–2 only)',
    shortTitle: 'Shadow mode, tiers 1–2',
    risk: 'Low',
    speed: 'Fast',
    safety: 'High, reversible by DROP',
    runsWithoutUser: 'Yes, once the owner authorizes the ratification-independent structure tier',
    recommendation: 'Viable interim',
    stance: 'interim',
    productDoes:
      'The owner authorizes, then the operator applies tiers 1–2 to production. The gap stays 210; ' +
      'structure can be rolled back while no seed tier is applied.',
  },
  {
    number: 4,
    title: 'Keep production read-only; clone only',
    shortTitle: 'Clone only',
    risk: 'None',
    speed: 'n/a',
    safety: 'Maximal',
    runsWithoutUser: 'Yes (current default)',
    recommendation: 'Acceptable default',
    stance: 'default',
    productDoes:
      'All tiers can be rehearsed on the clone at any time; production stays untouched. A full rehearsal is ' +
      'also the first step of Option 1: ratification waits for one at the current digest.',
  },
  {
    number: 5,
    title: 'Permanent staging environment',
    shortTitle: 'Permanent staging',
    risk: 'Low-medium',
    speed: 'Slow',
    safety: 'High',
    runsWithoutUser: 'Partly',
    recommendation: 'Long-term hygiene',
    stance: 'long-term',
    productDoes:
      'Environments are configurable: a staging target can be added by connection string and refreshed from production.',
  },
];
