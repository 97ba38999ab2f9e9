// Repository functions for training; see organisations.ts for the style.
export {};
