import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import PrefilledTextarea from './prefilled-textarea.svelte';

const html = (value: string | undefined) =>
  render(PrefilledTextarea, {
    props: { id: 'notes', name: 'notes', rows: 2, value, describedBy: undefined, invalid: false },
  }).body;

describe('PrefilledTextarea', () => {
  it('sends its text from the server, so the field is filled before any script runs', () => {
    expect(html('Easy run <5 km> & stretch')).toMatch(
      /<textarea[^>]*name="notes"[^>]*>Easy run &lt;5 km> &amp; stretch<\/textarea>/,
    );
  });

  it('is empty, not "undefined", without a value', () => {
    expect(html(undefined)).toMatch(/<textarea[^>]*><\/textarea>/);
  });
});
