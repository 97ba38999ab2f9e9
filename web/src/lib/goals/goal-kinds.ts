/**
 * The goal kinds the API knows, with what a member types for each and what
 * counts towards it, in words. The rules themselves are the domain's.
 */
export type GoalKind =
  | 'steps_per_day'
  | 'steps_per_week'
  | 'sessions_per_week'
  | 'co2e_budget_per_month'
  | 'co2e_reduction'
  | 'weekly_training_load';

export interface KindField {
  name: string;
  label: string;
  hint?: string;
}

export interface KindInfo {
  label: string;
  fields: KindField[];
  /** What counts towards the goal and when a period is achieved, given the typed numbers. */
  counts: (n: Record<string, number>) => string;
  /** The unit of the goal's value, for progress text. */
  unit: string;
}

const num = (v: number | undefined) =>
  v === undefined || Number.isNaN(v)
    ? '…'
    : v.toLocaleString('en-GB', { maximumFractionDigits: 1 });

export const GOAL_KINDS: Record<GoalKind, KindInfo> = {
  steps_per_day: {
    label: 'Steps every day',
    fields: [{ name: 'target', label: 'Steps a day' }],
    counts: (n) =>
      `Steps you enter or sync, per calendar day in your time zone. A day is achieved at ${num(n.target)} steps; achieved days in a row make a streak.`,
    unit: 'steps',
  },
  steps_per_week: {
    label: 'Steps each week',
    fields: [{ name: 'target', label: 'Steps a week' }],
    counts: (n) =>
      `All your steps from Monday to Sunday. A week is achieved at ${num(n.target)} steps.`,
    unit: 'steps',
  },
  sessions_per_week: {
    label: 'Training sessions each week',
    fields: [{ name: 'target', label: 'Sessions a week' }],
    counts: (n) =>
      `Every training session you log or import, Monday to Sunday. A week is achieved at ${num(n.target)} sessions.`,
    unit: 'sessions',
  },
  weekly_training_load: {
    label: 'Weekly training load in a range',
    fields: [
      { name: 'minLoad', label: 'At least (AU)' },
      { name: 'maxLoad', label: 'At most (AU)', hint: 'Load is minutes × effort (RPE).' },
    ],
    counts: (n) =>
      `The load of your sessions (minutes × RPE), Monday to Sunday. A week is achieved between ${num(n.minLoad)} and ${num(n.maxLoad)} AU: enough to build, not so much it spikes.`,
    unit: 'AU',
  },
  co2e_budget_per_month: {
    label: 'Monthly CO₂e budget',
    fields: [{ name: 'budgetKg', label: 'Budget (kg CO₂e a month)' }],
    counts: (n) =>
      `Everything in your carbon log, per calendar month. A month is achieved if it stays at or under ${num(n.budgetKg)} kg CO₂e.`,
    unit: 'kg CO₂e',
  },
  co2e_reduction: {
    label: 'Cut monthly CO₂e',
    fields: [
      { name: 'baselineKgPerMonth', label: 'A typical month now (kg CO₂e)' },
      { name: 'reductionPct', label: 'Cut by (%)' },
    ],
    counts: (n) =>
      `Everything in your carbon log, per calendar month, against your typical ${num(n.baselineKgPerMonth)} kg. A month is achieved at or under ${num(
        (n.baselineKgPerMonth ?? Number.NaN) * (1 - (n.reductionPct ?? Number.NaN) / 100),
      )} kg (${num(n.reductionPct)} % less).`,
    unit: 'kg CO₂e',
  },
};

export const isGoalKind = (k: string): k is GoalKind => k in GOAL_KINDS;

const text = (value: FormDataEntryValue | null) => (typeof value === 'string' ? value.trim() : '');

/** The numbers typed for a kind; a blank box is not-a-number, for the API to name. */
export function kindNumbers(kind: GoalKind, read: (name: string) => string) {
  const out: Record<string, number> = {};
  for (const field of GOAL_KINDS[kind].fields) {
    const t = read(field.name).trim();
    out[field.name] = t === '' ? Number.NaN : Number(t);
  }
  return out;
}

/** The create form → the API's goal input. Only the chosen kind's numbers are sent. */
export function goalInput(form: FormData) {
  const kind = text(form.get('kind'));
  const title = text(form.get('title'));
  if (!isGoalKind(kind)) return { title, definition: { kind } };
  const numbers = kindNumbers(kind, (name) => text(form.get(name)));
  return { title: title || defaultTitle(kind, numbers), definition: { kind, ...numbers } };
}

/** A title made from the kind and numbers when the member leaves it blank. */
export function defaultTitle(kind: GoalKind, n: Record<string, number>): string {
  switch (kind) {
    case 'steps_per_day':
      return `${num(n.target)} steps a day`;
    case 'steps_per_week':
      return `${num(n.target)} steps a week`;
    case 'sessions_per_week':
      return `${num(n.target)} sessions a week`;
    case 'weekly_training_load':
      return `Weekly load ${num(n.minLoad)}–${num(n.maxLoad)} AU`;
    case 'co2e_budget_per_month':
      return `At most ${num(n.budgetKg)} kg CO₂e a month`;
    case 'co2e_reduction':
      return `${num(n.reductionPct)} % less CO₂e`;
  }
}

/** The API's input paths → the form's field names. */
export const GOAL_FIELDS: Record<string, string> = {
  title: 'title',
  'definition.kind': 'kind',
  definition: 'kind',
  'definition.target': 'target',
  'definition.budgetKg': 'budgetKg',
  'definition.baselineKgPerMonth': 'baselineKgPerMonth',
  'definition.reductionPct': 'reductionPct',
  'definition.minLoad': 'minLoad',
  'definition.maxLoad': 'maxLoad',
};
