import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import PageSkeleton from './page-skeleton.svelte';

describe('PageSkeleton', () => {
  it('tells screen readers the page is loading and hides the shapes from them', () => {
    const body = render(PageSkeleton, { props: { label: 'Loading training' } }).body;
    expect(body).toMatch(/<p class="visually-hidden[^"]*" role="status">Loading training…<\/p>/);
    expect(body.match(/aria-hidden="true"/g)).toHaveLength(2);
  });
});
