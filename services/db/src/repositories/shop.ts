// Repository functions for shop; see organisations.ts for the style.
export {};
