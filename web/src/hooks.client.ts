import type { HandleClientError } from '@sveltejs/kit/hooks';

/**
 * Errors while navigating in the browser: the server already logged anything
 * it saw, so the member gets a sentence and the console keeps the detail.
 */
export const handleError: HandleClientError = ({ kind, error }) => {
  if (kind !== 'unknown') return;
  console.error(error);
  return { message: 'Something went wrong while loading this page. Please try again.' };
};
