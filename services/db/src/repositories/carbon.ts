// Repository functions for carbon; see organisations.ts for the style.
export {};
