// The SvelteKit app arrives with the dashboard issue.
export {};
