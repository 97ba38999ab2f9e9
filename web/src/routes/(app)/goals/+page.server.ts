import { TRPCClientError } from '@canopy/client';
import { fail } from '@sveltejs/kit';
import { GOAL_FIELDS, goalInput } from '#lib/goals/goal-kinds.ts';
import { loadGoals } from '#lib/goals/load-goals.ts';
import type { Evaluation } from '#lib/goals/progress-text.ts';
import { refusal } from '#lib/server/form-refusal.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => loadGoals(locals.api);

export const actions: Actions = {
  create: async ({ request, locals }) => {
    const form = await request.formData();
    try {
      const goal = await locals.api.goals.create.mutate(goalInput(form));
      return { form: 'create', created: { id: goal.id, title: goal.title } };
    } catch (error) {
      return refusal('create', form, error, GOAL_FIELDS);
    }
  },
  /** What the goal would show today on the member's own data, without saving it. */
  preview: async ({ request, locals }) => {
    const form = await request.formData();
    const values = Object.fromEntries(
      [...form.entries()].filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    try {
      const p = (await locals.api.goals.preview.query({
        definition: goalInput(form).definition,
      })) as Evaluation;
      return {
        form: 'preview',
        values,
        preview: {
          kind: p.kind,
          cadence: p.cadence,
          value: p.value,
          rule: p.rule,
          progress: p.progress,
          achieved: p.achieved,
          status: p.status,
          streak: p.streak,
          withheld: p.withheld,
        } satisfies Evaluation,
      };
    } catch (error) {
      return refusal('create', form, error, GOAL_FIELDS);
    }
  },
  cancel: async ({ request, locals }) => {
    const id = (await request.formData()).get('goalId');
    try {
      await locals.api.goals.cancel.mutate({ goalId: typeof id === 'string' ? id : '' });
      return { form: 'cancel', cancelled: true };
    } catch (error) {
      if (!(error instanceof TRPCClientError) || error.data?.code === 'UNAUTHORIZED') throw error;
      return fail(error.data?.code === 'NOT_FOUND' ? 404 : 400, {
        form: 'cancel',
        message:
          error.data?.code === 'FORBIDDEN'
            ? "An organisation's goal is cancelled by its admins."
            : 'That goal could not be cancelled; it may already have ended.',
      });
    }
  },
};
