// Black-box, over HTTP, with a real org admin token against the real API
// process: the differencing attacks on pooled reports find nothing about
// fewer than three members. The database handle only plants activity.
import { demoUsers, findOrganisationBySlug } from '@canopy/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveApi } from './live-api.ts';
import { startLiveApi, tokenFor, trpc } from './live-api.ts';
import { pooledEmission } from '../pooled-fixtures.ts';

interface Cell {
  kg: number | null;
  withheld: string | null;
  withheldMonths: number;
}
interface Report {
  periods: {
    period: string;
    members: number | null;
    total: Cell;
    categories: (Cell & { category: string })[];
  }[];
  total: { kg: number | null; withheldCells: number };
}

const [A, B, C, D] = [
  demoUsers.member.id,
  demoUsers.orgadmin.id,
  demoUsers.shopadmin.id,
  demoUsers.platformadmin.id,
];
// Figures about one or two people that no answer, nor any difference of answers, may show.
const SECRETS = {
  flight: 500.0625, // A's flight in March: the only one
  joiner: 77.03125, // D logs for the first time in May
  june: 11.015625, // June: only A and B
};
const plan: [user: string, day: string, category: string, kg: number][] = [
  // March: three members drive, and A alone flies.
  [A, '1987-03-02', 'car', 10.25],
  [B, '1987-03-09', 'car', 20.5],
  [C, '1987-03-16', 'car', 30.75],
  [A, '1987-03-23', 'flight', SECRETS.flight],
  // April: the same three.
  [A, '1987-04-06', 'car', 12.5],
  [B, '1987-04-07', 'car', 13.25],
  [C, '1987-04-08', 'car', 14.125],
  // May: the three again, and D, who just joined.
  [A, '1987-05-22', 'car', 1.5],
  [B, '1987-05-22', 'car', 2.25],
  [C, '1987-05-22', 'car', 3.375],
  [D, '1987-05-23', 'car', SECRETS.joiner],
  // June: two people.
  [A, '1987-06-10', 'car', 5.5],
  [B, '1987-06-11', 'car', SECRETS.june - 5.5],
];

describe('pooled reports over HTTP, attacked by differencing', () => {
  let api: LiveApi;
  let orgId: string;
  let token: string;
  const ask = (input: Record<string, unknown>) =>
    trpc<Report>(api.url, 'query', 'reports.orgEmissions', { orgId, ...input }, token);

  beforeAll(async () => {
    api = await startLiveApi();
    orgId = (await findOrganisationBySlug(api.db, 'alder'))!.id;
    token = await tokenFor('orgadmin');
    await api.db
      .insertInto('carbon_activities')
      .values(
        plan.map(([user, day, category, kg]) => pooledEmission(user, orgId, day, category, kg)),
      )
      .execute();
  }, 120_000);
  afterAll(async () => {
    await api?.stop();
  });

  it('refuses the day ranges of the quoted attack, naming the field and the periods allowed', async () => {
    for (const [from, to] of [
      ['1987-05-22', '1987-05-23'],
      ['1987-05-22', '1987-05-22'],
    ]) {
      const answer = await ask({ granularity: 'month', from, to });
      expect(answer.status).toBe(400);
      expect(answer.error?.data?.fieldErrors?.from?.[0]).toMatch(
        /month written YYYY-MM.*months \(YYYY-MM\), quarters \(YYYY-Qn\) or years \(YYYY\), never a range of days/,
      );
    }
    const week = await ask({ granularity: 'week', from: '1987-W21', to: '1987-W21' });
    expect(week.status).toBe(400);
    expect(week.error?.data?.fieldErrors?.granularity?.[0]).toMatch(/month, quarter or year/);
  });

  it('leaves no published figure or difference of figures equal to one resting on fewer than three', async () => {
    const months = ['1987-03', '1987-04', '1987-05', '1987-06'];
    const figures: number[] = [];
    const collect = (r: Report) => {
      if (r.total.kg !== null) figures.push(r.total.kg);
      for (const p of r.periods) {
        if (p.total.kg !== null) figures.push(p.total.kg);
        for (const c of p.categories) if (c.kg !== null) figures.push(c.kg);
      }
    };
    // Every overlapping range of months, and the quarter and year holding them.
    for (const [i, from] of months.entries())
      for (const to of months.slice(i)) {
        const answer = await ask({ granularity: 'month', from, to });
        expect(answer.status).toBe(200);
        collect(answer.data!);
      }
    for (const input of [
      { granularity: 'quarter', from: '1987-Q1', to: '1987-Q2' },
      { granularity: 'year', from: '1987', to: '1987' },
    ]) {
      const answer = await ask(input);
      expect(answer.status).toBe(200);
      collect(answer.data!);
    }
    const near = (a: number, b: number) => Math.abs(a - b) < 1e-6;
    for (const secret of Object.values(SECRETS)) {
      expect(figures.some((f) => near(f, secret))).toBe(false);
      for (const a of figures)
        for (const b of figures) expect(near(a - b, secret), `${a} - ${b}`).toBe(false);
    }
  });

  it('withholds a breakdown cell together with a partner, so the total cannot reveal it', async () => {
    const march = (await ask({ granularity: 'month', from: '1987-03', to: '1987-03' })).data!
      .periods[0]!;
    expect(march.total.kg).toBeCloseTo(10.25 + 20.5 + 30.75 + SECRETS.flight, 9);
    expect(march.categories).toEqual([
      {
        category: 'car',
        kg: null,
        withheld: 'withheld with a smaller category, which the total would otherwise reveal',
        withheldMonths: 1,
      },
      { category: 'flight', kg: null, withheld: 'fewer than 3 members', withheldMonths: 1 },
    ]);
  });

  it('shows the month a member joined as one pooled figure, and later logs never change it', async () => {
    const first = (await ask({ granularity: 'month', from: '1987-05', to: '1987-06' })).data!;
    expect(first.periods[0]).toMatchObject({ period: '1987-05', members: 4 });
    expect(first.periods[1]).toMatchObject({
      period: '1987-06',
      members: null,
      total: { kg: null, withheld: 'fewer than 3 members' },
    });
    // The joiner logs more for May afterwards: asking again shows nothing new.
    await api.db
      .insertInto('carbon_activities')
      .values(pooledEmission(D, orgId, '1987-05-30', 'car', 3))
      .execute();
    const again = (await ask({ granularity: 'month', from: '1987-05', to: '1987-05' })).data!;
    expect(again.periods[0]!.total).toEqual(first.periods[0]!.total);
  });

  it('keeps the running month withheld, so polling it shows no one’s new log', async () => {
    const now = new Date();
    const month = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    const answer = await ask({ granularity: 'month', from: month, to: month });
    expect(answer.data!.periods[0]!.total).toEqual({
      kg: null,
      withheld: 'the period has not ended yet',
      withheldMonths: 1,
    });
  });
});
