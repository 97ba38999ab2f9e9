// Repository functions for goals; see organisations.ts for the style.
export {};
