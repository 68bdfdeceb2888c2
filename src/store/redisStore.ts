/**
 * The Redis store's old entry point, kept so importers that have not moved yet still work.
 * The store now lives in `./redis/` (connection, state, locks, leads, scripts, signal); import
 * from `./redis/index.js`.
 */
export * from './redis/index.js';
