import { createRawSnippet } from 'svelte';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import Badge from './badge.svelte';

const text = (t: string) => createRawSnippet(() => ({ render: () => `<span>${t}</span>` }));

describe('Badge', () => {
  it('says the status in words; colour only adds to them', () => {
    const body = render(Badge, {
      props: { tone: 'ok', children: text('Paid'), testid: 'order-status' },
    }).body;
    expect(body).toMatch(/class="badge ok[^"]*"/);
    expect(body).toContain('data-testid="order-status"');
    expect(body).toContain('<span>Paid</span>');
  });
});
