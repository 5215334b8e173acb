/**
 * Every `vigil eval` suite, in the order `vigil eval --help` lists them. Add a suite here and it gets
 * its command, options and help.
 */
import { adherenceSuite } from './adherence.js';
import { anomalySuite } from './anomaly.js';
import { closedLoopSuite } from './closed-loop.js';
import { federationSuite } from './federation.js';
import { heSuite } from './he.js';
import { latencySuite } from './latency.js';
import { paperSuite } from './paper.js';
import { securitySuite } from './security.js';
import type { Suite } from './suite.js';

export type { Suite, SuiteContext, SuiteResult } from './suite.js';
export { runSuite } from './run-suite.js';
export type { RunSuiteOptions, RunSuiteOutcome } from './run-suite.js';

/** The registered suites. */
export const SUITES: readonly Suite[] = [anomalySuite, adherenceSuite, federationSuite, heSuite, latencySuite, securitySuite, closedLoopSuite, paperSuite];
