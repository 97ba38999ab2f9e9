export * from './schema/index.ts';
export * from './connect.ts';
export * from './migrate.ts';
export * from './repositories/organisations.ts';
export * from './repositories/user-profiles.ts';
export * from './repositories/audit-log.ts';
export * from './demo.ts';
