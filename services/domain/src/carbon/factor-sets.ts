import { z } from 'zod';
import desnz2024 from '../data/desnz-2024.json' with { type: 'json' };
import desnz2025 from '../data/desnz-2025.json' with { type: 'json' };
import desnz2026 from '../data/desnz-2026.json' with { type: 'json' };
import { DomainError } from '../errors/domain-error.ts';
import type { FactorRef, Scope } from './emission-estimate.ts';

export type Haul = 'domestic' | 'short' | 'long' | 'international';

const ZFactorRow = z.object({
  id: z.string().regex(/^\d+(_\d+){4}$/),
  scope: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  category: z.string().min(1),
  uom: z.string().min(1),
  kgCO2e: z.number().nonnegative().nullable(),
});

const ZFactorSetFile = z.object({
  edition: z.string().regex(/^\d{4}$/),
  title: z.string(),
  publisher: z.string(),
  version: z.string(),
  published: z.string().nullable(),
  extractedFrom: z.string(),
  licence: z.string(),
  rows: z.array(ZFactorRow).min(1),
  haul: z.record(z.string().regex(/^[A-Z]{2}$/), z.enum(['domestic', 'short', 'long'])),
});

export type FactorSetInfo = {
  /** Pass this as `factorSet` to estimateEmissions. */
  id: string;
  source: 'DESNZ';
  edition: string;
  title: string;
  version: string;
  published: string | null;
  licence: string;
  isDefault: boolean;
};

export type FactorSet = {
  info: FactorSetInfo;
  scopeOf(id: string): Scope;
  /** The row as a FactorRef, or null where DESNZ publishes no value. */
  factor(id: string): FactorRef | null;
  /** DESNZ "Haul definition" sheet: haul of a flight to/from the UK, by country. */
  haulOf(country: string): Exclude<Haul, 'international'> | undefined;
};

// Newest first: the first one is the default edition.
const FILES = [desnz2026, desnz2025, desnz2024];

let loaded: Map<string, FactorSet> | undefined;

function build(raw: unknown, isDefault: boolean): FactorSet {
  const parsed = ZFactorSetFile.safeParse(raw);
  if (!parsed.success) {
    throw new DomainError(
      'invalid_data',
      `factor data failed validation: ${z.prettifyError(parsed.error)}`,
    );
  }
  const file = parsed.data;
  const info: FactorSetInfo = {
    id: `desnz-${file.edition}`,
    source: 'DESNZ',
    edition: file.edition,
    title: file.title,
    version: file.version,
    published: file.published,
    licence: file.licence,
    isDefault,
  };
  const refs = new Map<string, FactorRef | null>();
  const scopes = new Map<string, Scope>();
  for (const row of file.rows) {
    scopes.set(row.id, row.scope);
    refs.set(
      row.id,
      row.kgCO2e === null
        ? null
        : Object.freeze({
            id: row.id,
            source: 'DESNZ',
            edition: file.edition,
            unit: row.uom,
            kgCO2ePerUnit: row.kgCO2e,
          }),
    );
  }
  const haul = new Map(Object.entries(file.haul));
  return {
    info,
    scopeOf(id) {
      const scope = scopes.get(id);
      if (scope === undefined)
        throw new DomainError('invalid_data', `row ${id} is not in DESNZ ${file.edition}`);
      return scope;
    },
    factor(id) {
      const ref = refs.get(id);
      if (ref === undefined)
        throw new DomainError('invalid_data', `row ${id} is not in DESNZ ${file.edition}`);
      return ref;
    },
    haulOf: (country) => haul.get(country),
  };
}

function sets(): Map<string, FactorSet> {
  if (!loaded) {
    loaded = new Map();
    FILES.forEach((raw, i) => {
      const set = build(raw, i === 0);
      loaded!.set(set.info.id, set);
    });
  }
  return loaded;
}

/** The DESNZ editions shipped, newest (the default) first. */
export function factorSets(): FactorSetInfo[] {
  return [...sets().values()].map((s) => ({ ...s.info }));
}

/** `desnz-2025` or the bare edition `2025`; undefined means the newest edition. */
export function resolveFactorSet(id?: string): FactorSet {
  const all = sets();
  if (id === undefined) return all.values().next().value!;
  const set = all.get(id) ?? all.get(`desnz-${id}`);
  if (!set) {
    throw new DomainError(
      'unknown_factor_set',
      `factorSet '${id}' is not available; choose one of ${[...all.keys()].join(', ')}`,
    );
  }
  return set;
}
