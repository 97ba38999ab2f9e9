import { describe, expect, it } from 'vitest';
import { avatarVersion, preferencesInput, profileInput, timeZoneChoices } from './profile-input.ts';

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

describe('profile forms', () => {
  it('sends the name, units and time zone as typed', () => {
    expect(
      profileInput(form({ displayName: ' Mia ', units: 'imperial', timeZone: 'Europe/Berlin' })),
    ).toEqual({ displayName: 'Mia', units: 'imperial', timeZone: 'Europe/Berlin' });
  });

  it('reads unticked boxes as off and a blank webhook URL as no webhook', () => {
    expect(preferencesInput(form({ inApp: 'on', webhookUrl: ' ' }))).toEqual({
      inApp: true,
      email: false,
      webhookUrl: null,
    });
    expect(preferencesInput(form({ webhookUrl: 'https://hooks.example.org/x' })).webhookUrl).toBe(
      'https://hooks.example.org/x',
    );
  });

  it("offers every zone, keeping a member's unusual one", () => {
    expect(timeZoneChoices('Europe/London')).toContain('Europe/Berlin');
    expect(timeZoneChoices('Europe/London')).toContain('UTC');
    expect(timeZoneChoices('Asia/Kolkata')).toContain('Asia/Kolkata');
    expect(timeZoneChoices('UTC').filter((z) => z === 'UTC')).toHaveLength(1);
  });

  it('versions the avatar by its stored name', () => {
    expect(avatarVersion('http://127.0.0.1:9100/avatars/u1/3f2a.png?X-Amz-Signature=abc')).toBe(
      '3f2a.png',
    );
    expect(avatarVersion(null)).toBeNull();
  });
});
