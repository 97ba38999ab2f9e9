/** The profile forms → the API's inputs. Whether the values are acceptable is the API's call. */
const text = (value: FormDataEntryValue | null) => (typeof value === 'string' ? value.trim() : '');

export function profileInput(form: FormData) {
  return {
    displayName: text(form.get('displayName')),
    units: text(form.get('units')) as 'metric' | 'imperial',
    timeZone: text(form.get('timeZone')),
  };
}

/** Checkboxes send "on" when ticked and nothing when not; a blank URL turns webhooks off. */
export function preferencesInput(form: FormData) {
  const webhookUrl = text(form.get('webhookUrl'));
  return {
    inApp: form.get('inApp') === 'on',
    email: form.get('email') === 'on',
    webhookUrl: webhookUrl === '' ? null : webhookUrl,
  };
}

export const PROFILE_FIELDS: Record<string, string> = {
  displayName: 'displayName',
  units: 'units',
  timeZone: 'timeZone',
};

export const PREFERENCE_FIELDS: Record<string, string> = {
  inApp: 'inApp',
  email: 'email',
  webhookUrl: 'webhookUrl',
};

export const AVATAR_FIELDS: Record<string, string> = {
  contentType: 'avatar',
  size: 'avatar',
  uploadId: 'avatar',
  file: 'avatar',
};

/**
 * Every IANA zone the runtime knows, with UTC (which ICU leaves out of the
 * list) and the member's own, should it be an alias such as Asia/Kolkata.
 */
export function timeZoneChoices(current: string): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  const extra = ['UTC', current].filter((z, i, all) => !zones.includes(z) && all.indexOf(z) === i);
  return [...extra, ...zones];
}

/**
 * A token that changes when the avatar does: the stored object's name, read
 * from the presigned URL's path, so the browser's cached picture is replaced.
 */
export function avatarVersion(avatarUrl: string | null): string | null {
  if (!avatarUrl) return null;
  try {
    return new URL(avatarUrl).pathname.split('/').at(-1) ?? null;
  } catch {
    return null;
  }
}
