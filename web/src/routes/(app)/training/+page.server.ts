import { TRPCClientError } from '@canopy/client';
import { fail, type RequestEvent } from '@sveltejs/kit';
import { refusal } from '#lib/server/form-refusal.ts';
import { uploadAndStart } from '#lib/server/import-upload.ts';
import { loadTraining } from '#lib/training/load-training.ts';
import {
  SESSION_FIELDS,
  sessionInput,
  STEPS_FIELDS,
  stepsInput,
  WELLNESS_FIELDS,
  wellnessInput,
} from '#lib/training/session-input.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const page = await loadTraining(locals.api, new Date());
  // ?edit=<id> opens a listed session in the form, with or without JavaScript.
  const editId = url.searchParams.get('edit');
  return { ...page, editing: page.sessions.find((s) => s.id === editId) ?? null };
};

async function profileOf(locals: App.Locals) {
  const profile = await locals.api.me.get.query();
  return { timeZone: profile.timeZone, units: profile.units };
}

async function saveSession({ request, locals }: RequestEvent) {
  const form = await request.formData();
  const { timeZone, units } = await profileOf(locals);
  const id = form.get('id');
  try {
    const input = sessionInput(form, timeZone, units);
    const saved =
      typeof id === 'string' && id !== ''
        ? await locals.api.training.sessions.update.mutate({ ...input, id })
        : await locals.api.training.sessions.create.mutate(input);
    return {
      form: 'session',
      saved: { id: saved.id, loadAU: saved.loadAU, updated: Boolean(id) },
    };
  } catch (error) {
    return refusal('session', form, error, SESSION_FIELDS);
  }
}

function notFoundOr(error: unknown, message: string) {
  if (!(error instanceof TRPCClientError) || error.data?.code === 'UNAUTHORIZED') throw error;
  return fail(error.data?.code === 'NOT_FOUND' ? 404 : 400, { form: 'delete', message });
}

export const actions: Actions = {
  session: saveSession,
  delete: async ({ request, locals }) => {
    const id = (await request.formData()).get('id');
    try {
      await locals.api.training.sessions.delete.mutate({ id: typeof id === 'string' ? id : '' });
      return { form: 'delete', deleted: true };
    } catch (error) {
      return notFoundOr(error, 'That session could not be deleted; it may already be gone.');
    }
  },
  wellness: async ({ request, locals }) => {
    const form = await request.formData();
    try {
      const saved = await locals.api.training.wellness.upsert.mutate(wellnessInput(form));
      return { form: 'wellness', savedDate: saved.date };
    } catch (error) {
      return refusal('wellness', form, error, WELLNESS_FIELDS);
    }
  },
  steps: async ({ request, locals }) => {
    const form = await request.formData();
    try {
      const saved = await locals.api.training.steps.upsert.mutate(stepsInput(form));
      return { form: 'steps', savedDate: saved.date, steps: saved.steps };
    } catch (error) {
      return refusal('steps', form, error, STEPS_FIELDS);
    }
  },
  import: async ({ request, locals }) => {
    const form = await request.formData();
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) {
      return fail(400, {
        form: 'import',
        errors: { file: ['Choose a GPX, TCX, FIT or CSV file.'] },
      });
    }
    try {
      const importId = await uploadAndStart(locals.api.training, file);
      return { form: 'import', importId, fileName: file.name };
    } catch (error) {
      return refusal('import', new FormData(), error, { fileName: 'file', size: 'file' });
    }
  },
};
