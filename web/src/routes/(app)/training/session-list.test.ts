import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { SessionRow } from '#lib/training/load-training.ts';
import SessionList from './session-list.svelte';

const session: SessionRow = {
  id: '6f1c0d2e-0000-4000-8000-000000000001',
  date: '2026-11-20',
  time: '07:30',
  type: 'run',
  durationMin: 45,
  rpe: null,
  distanceKm: 10,
  heartRate: { avgBpm: null, maxBpm: null },
  feeling: { fatigue: null, readiness: null, mood: null },
  loadAU: null,
  notes: null,
  source: 'import',
};

const common = {
  sessions: [session],
  enhance: () => ({ destroy: () => {} }),
  pageHref: '/training',
};

describe('SessionList', () => {
  it("shows distances in the member's unit", () => {
    expect(render(SessionList, { props: { ...common, units: 'imperial' } }).body).toContain(
      '6.21 mi',
    );
    expect(render(SessionList, { props: { ...common, units: 'metric' } }).body).toContain('10 km');
  });

  it('marks an imported session without an effort rating, and names the session on its buttons', () => {
    const body = render(SessionList, { props: { ...common, units: 'metric' } }).body.replaceAll(
      /<!--[^>]*-->/g,
      '',
    );
    expect(body).toContain('imported');
    expect(body).toMatch(/Delete<span class="visually-hidden">\s+run on 2026-11-20<\/span>/);
    expect(body).toContain(`/training?edit=${session.id}#log-heading`);
  });
});
