import { TRPCClientError } from '@canopy/client';
import { fail } from '@sveltejs/kit';
import {
  AVATAR_FIELDS,
  avatarVersion,
  PREFERENCE_FIELDS,
  preferencesInput,
  PROFILE_FIELDS,
  profileInput,
  timeZoneChoices,
} from '#lib/profile/profile-input.ts';
import { refusal } from '#lib/server/form-refusal.ts';
import { uploadAvatar } from '#lib/server/image-upload.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const [profile, preferences] = await Promise.all([
    locals.api.me.get.query(),
    locals.api.notifications.preferences.get.query(),
  ]);
  return {
    profile: {
      displayName: profile.displayName,
      email: profile.email,
      units: profile.units,
      timeZone: profile.timeZone,
      organisations: profile.organisations.map((o) => ({
        orgId: o.orgId,
        name: o.name,
        role: o.role,
        primary: o.primary,
      })),
    },
    avatarVersion: avatarVersion(profile.avatarUrl),
    preferences,
    timeZones: timeZoneChoices(profile.timeZone),
  };
};

export const actions: Actions = {
  profile: async ({ request, locals }) => {
    const form = await request.formData();
    try {
      await locals.api.me.update.mutate(profileInput(form));
      return { form: 'profile', saved: true };
    } catch (error) {
      return refusal('profile', form, error, PROFILE_FIELDS);
    }
  },
  avatar: async ({ request, locals }) => {
    const form = await request.formData();
    const file = form.get('avatar');
    if (!(file instanceof File) || file.size === 0) {
      return fail(400, {
        form: 'avatar',
        errors: { avatar: ['Choose a PNG, JPEG or WebP picture.'] },
      });
    }
    try {
      await uploadAvatar(locals.api.me.avatar, file);
      return { form: 'avatar', saved: true };
    } catch (error) {
      return refusal('avatar', new FormData(), error, AVATAR_FIELDS);
    }
  },
  /** Which organisation the member's activity counts for from now on. */
  primaryOrg: async ({ request, locals }) => {
    const form = await request.formData();
    const orgId = form.get('orgId');
    try {
      await locals.api.me.setPrimaryOrg.mutate({ orgId: typeof orgId === 'string' ? orgId : '' });
      return { form: 'primaryOrg', saved: true };
    } catch (error) {
      return refusal('primaryOrg', form, error, { orgId: 'orgId' });
    }
  },
  preferences: async ({ request, locals }) => {
    const form = await request.formData();
    try {
      await locals.api.notifications.preferences.update.mutate(preferencesInput(form));
      return { form: 'preferences', saved: true };
    } catch (error) {
      return refusal('preferences', form, error, PREFERENCE_FIELDS);
    }
  },
  /** A new webhook signing secret: in this one response, never stored by the page. */
  secret: async ({ locals }) => {
    try {
      const { secret } = await locals.api.notifications.preferences.rotateWebhookSecret.mutate();
      return { form: 'secret', secret };
    } catch (error) {
      if (!(error instanceof TRPCClientError) || error.data?.code === 'UNAUTHORIZED') throw error;
      return fail(400, { form: 'secret', errors: { form: [error.message] } });
    }
  },
};
