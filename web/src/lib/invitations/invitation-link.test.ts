import { describe, expect, it } from 'vitest';
import { linkedInvitation } from './invitation-link.ts';

const mine = [
  { id: '34479783-9fb1-4ed5-8e31-e79095b02a13' },
  { id: '0b4f7a52-1c0e-4a57-9c38-5d2b2f7b1e11' },
];
const ask = (query: string) => linkedInvitation(new URLSearchParams(query), mine);

describe('the invitation an email link opens', () => {
  it('is none without a link', () => {
    expect(ask('')).toBeUndefined();
    expect(ask('other=1')).toBeUndefined();
  });

  it("is one of the signed-in person's pending invitations, with the answer the link offered", () => {
    expect(ask(`accept=${mine[0]!.id}`)).toEqual({ id: mine[0]!.id, answer: 'accept' });
    expect(ask(`decline=${mine[1]!.id.toUpperCase()}`)).toEqual({
      id: mine[1]!.id,
      answer: 'decline',
    });
  });

  it("reads alike for someone else's, an unknown and a malformed id", () => {
    expect(ask('accept=7d1c1d9e-2c55-4a3e-8f0b-2b1f4e3c5a66')).toBe('missing');
    expect(ask('decline=')).toBe('missing');
    expect(ask('accept=<script>')).toBe('missing');
    expect(linkedInvitation(new URLSearchParams(`accept=${mine[0]!.id}`), [])).toBe('missing');
  });
});
