import { TRPCClientError } from '@canopy/client';
import { fail } from '@sveltejs/kit';
import { loadNotifications } from '#lib/notifications/load-notifications.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => loadNotifications(locals.api, url);

function refused(error: unknown) {
  if (!(error instanceof TRPCClientError) || error.data?.code === 'UNAUTHORIZED') throw error;
  return fail(400, { message: 'That could not be marked read just now; please try again.' });
}

export const actions: Actions = {
  read: async ({ request, locals }) => {
    const id = (await request.formData()).get('id');
    try {
      await locals.api.notifications.markRead.mutate({ ids: [typeof id === 'string' ? id : ''] });
      return { marked: 1 };
    } catch (error) {
      return refused(error);
    }
  },
  readAll: async ({ locals }) => {
    try {
      return { marked: (await locals.api.notifications.markAllRead.mutate()).marked };
    } catch (error) {
      return refused(error);
    }
  },
};
