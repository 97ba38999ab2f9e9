import { createRawSnippet } from 'svelte';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import Field from './field.svelte';

const input = createRawSnippet(
  (args: () => { id: string; describedBy: string | undefined; invalid: boolean }) => ({
    render: () =>
      `<input id="${args().id}" aria-describedby="${args().describedBy ?? ''}" aria-invalid="${args().invalid}">`,
  }),
);

function html(props: { errors?: string[]; hint?: string }) {
  return render(Field, {
    props: { id: 'car-distance', label: 'Distance', children: input, ...props },
  }).body;
}

describe('Field', () => {
  it("shows the API's message under the field and ties it to the input for screen readers", () => {
    const body = html({ errors: ['distance.value must be a number'] });
    expect(body).toMatch(
      /<p class="error[^"]*" id="car-distance-error">distance\.value must be a number<\/p>/,
    );
    expect(body).toContain('aria-describedby="car-distance-error"');
    expect(body).toContain('aria-invalid="true"');
  });

  it('labels the input and shows no error when there is none', () => {
    const body = html({ hint: 'You included.' });
    expect(body).toMatch(/<label for="car-distance"[^>]*>Distance<\/label>/);
    expect(body).not.toContain('car-distance-error');
    expect(body).toContain('aria-describedby="car-distance-hint"');
    expect(body).toContain('aria-invalid="false"');
  });
});
