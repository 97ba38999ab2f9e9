// Filled by the API issue: re-exports the AppRouter type and a client factory.
export {};
