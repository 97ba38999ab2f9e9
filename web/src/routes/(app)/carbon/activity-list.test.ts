import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import ActivityList from './activity-list.svelte';

const activity = (unit: string, value: number) => ({
  id: `a-${unit}`,
  occurredOn: '2026-11-20',
  category: 'rail',
  totalKgCO2e: 3.8,
  quantity: { value, unit },
  factor: { source: 'desnz', edition: '2026', kgCO2ePerUnit: 0.0309, unit },
  note: null,
});
const html = (units: 'metric' | 'imperial') =>
  render(ActivityList, {
    props: {
      activities: [activity('passenger.km', 160.9344), activity('kWh', 120)],
      enhance: (() => ({})) as never,
      units,
      pageHref: '/carbon',
    },
  }).body;

describe('ActivityList', () => {
  it("shows distances in the member's unit and other amounts as they are", () => {
    expect(html('imperial')).toContain('100 passenger.mi');
    expect(html('imperial')).toContain('120 kWh');
    expect(html('metric')).toContain('160.93 passenger.km');
  });

  it('links each entry to its edit form, and names the entry on its buttons', () => {
    expect(html('metric')).toContain('href="/carbon?edit=a-kWh#more-heading"');
    expect(html('metric').replaceAll(/<!--[^>]*-->/g, '')).toMatch(
      /Delete<span class="visually-hidden">\s+\S.* on 2026-11-20<\/span>/,
    );
  });
});
