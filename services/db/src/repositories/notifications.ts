// Repository functions for notifications; see organisations.ts for the style.
export {};
