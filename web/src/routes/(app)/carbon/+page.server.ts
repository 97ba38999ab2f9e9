import { fieldErrors, TRPCClientError } from '@canopy/client';
import { localDate } from '@canopy/domain';
import { fail, type RequestEvent } from '@sveltejs/kit';
import { activityFieldErrors, activityInput } from '#lib/carbon/activity-form.ts';
import { uploadAndStart } from '#lib/server/import-upload.ts';
import { formFieldErrors, quickAddInput, type QuickAddKind } from './quick-add.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const [profile, activities] = await Promise.all([
    locals.api.me.get.query(),
    locals.api.carbon.list.query({ limit: 50 }),
  ]);
  return {
    today: localDate(new Date(), profile.timeZone),
    units: profile.units,
    activities: activities.items.map((a) => ({
      id: a.id,
      occurredOn: a.occurredOn,
      category: a.category,
      totalKgCO2e: a.totalKgCO2e,
      quantity: a.quantity,
      factor: a.factor,
      note: a.note,
      activity: a.activity,
    })),
    hasMore: activities.nextCursor !== null,
    // ?edit=<id> opens a listed entry in the activity form, with or without JavaScript.
    editing: activities.items.find((a) => a.id === url.searchParams.get('edit')) ?? null,
  };
};

function formValues(form: FormData) {
  return Object.fromEntries(
    [...form.entries()].filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

/** What the form shows after a refused submit: the member's values and the API's words. */
function refusal(kind: QuickAddKind, form: FormData, error: unknown) {
  if (!(error instanceof TRPCClientError) || error.data?.code === 'UNAUTHORIZED') throw error;
  const errors = formFieldErrors(fieldErrors(error));
  if (Object.keys(errors).length === 0) errors.form = [error.message];
  const values = Object.fromEntries(
    [...form.entries()].filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  return fail(400, { kind, errors, values });
}

function quickAdd(kind: QuickAddKind) {
  return async ({ request, locals }: RequestEvent) => {
    const form = await request.formData();
    try {
      const logged = await locals.api.carbon.log.mutate(quickAddInput(kind, form));
      return { kind, logged: { id: logged.id, totalKgCO2e: logged.totalKgCO2e } };
    } catch (error) {
      return refusal(kind, form, error);
    }
  };
}

export const actions: Actions = {
  car: quickAdd('car'),
  electricity: quickAdd('electricity'),
  /** Any kind of activity, new or (with an id) edited. */
  activity: async ({ request, locals }) => {
    const form = await request.formData();
    const id = form.get('id');
    try {
      const input = activityInput(form);
      const saved =
        typeof id === 'string' && id !== ''
          ? await locals.api.carbon.update.mutate({ ...input, id, note: input.note ?? null })
          : await locals.api.carbon.log.mutate(input);
      return {
        kind: 'activity',
        logged: { id: saved.id, totalKgCO2e: saved.totalKgCO2e },
        updated: Boolean(id),
      };
    } catch (error) {
      if (!(error instanceof TRPCClientError) || error.data?.code === 'UNAUTHORIZED') throw error;
      const errors = activityFieldErrors(fieldErrors(error));
      if (Object.keys(errors).length === 0) errors.form = [error.message];
      return fail(400, { kind: 'activity', errors, values: formValues(form) });
    }
  },
  import: async ({ request, locals }) => {
    const file = (await request.formData()).get('file');
    if (!(file instanceof File) || file.size === 0) {
      return fail(400, { kind: 'import', errors: { file: ['Choose a CSV file.'] } });
    }
    try {
      const importId = await uploadAndStart(locals.api.carbon, file);
      return { kind: 'import', importId, fileName: file.name };
    } catch (error) {
      if (!(error instanceof TRPCClientError) || error.data?.code === 'UNAUTHORIZED') throw error;
      const field = Object.values(fieldErrors(error)).flat();
      return fail(400, {
        kind: 'import',
        errors: { file: field.length > 0 ? field : [error.message] },
      });
    }
  },
  delete: async ({ request, locals }) => {
    const id = (await request.formData()).get('id');
    try {
      await locals.api.carbon.delete.mutate({ id: typeof id === 'string' ? id : '' });
      return { deleted: true };
    } catch (error) {
      if (!(error instanceof TRPCClientError) || error.data?.code === 'UNAUTHORIZED') throw error;
      return fail(error.data?.code === 'NOT_FOUND' ? 404 : 400, {
        deleteError: 'That entry could not be deleted; it may already be gone.',
      });
    }
  },
};
