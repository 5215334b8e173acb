export { loadConfig } from './load-config.js';
export type { LoadConfigOptions } from './load-config.js';
