import type { LazyCommandGroup } from '../common/cli/index.js';

/**
 * Every component's command group, in the order `vigil --help` lists them, each imported only when it is
 * invoked (a group's summary is repeated here for the root help; bin/commands.test.ts keeps the two equal).
 */
export const COMMAND_GROUPS: readonly LazyCommandGroup[] = [
  { name: 'demo', summary: 'run the end-to-end demo (coordinator, four edge nodes, federated rounds, gateway traffic)', load: async () => (await import('../eval/demo-cli.js')).demoCommands },
  { name: 'pki', summary: 'create the private CA and issue mTLS certificates', load: async () => (await import('../common/pki/cli.js')).pkiCommands },
  { name: 'health', summary: 'check a running coordinator or edge node (grpc.health.v1 over mTLS)', load: async () => (await import('../common/grpc/cli.js')).healthCommands },
  { name: 'coordinator', summary: 'run the federation coordinator; enrol nodes; register and list models', load: async () => (await import('../coordinator/cli.js')).coordinatorCommands },
  { name: 'datasets', summary: 'virtual patients and device streams: UVA/Padova simulation, dataset generation', load: async () => (await import('../datasets/cli.js')).datasetsCommands },
  { name: 'audit', summary: 'verify and inspect the tamper-evident audit log (RFC 9162 Merkle tree, signed tree heads)', load: async () => (await import('../common/ledger/cli.js')).auditCommands },
  { name: 'edge', summary: 'run an edge node (Scoring API, dose gate, ingest, alerts); provision patients, devices, issuers, clinicians', load: async () => (await import('../edge-node/cli.js')).edgeCommands },
  { name: 'keys', summary: 'federation CKKS keyset (coordinator public context, node secret key)', load: async () => (await import('../common/crypto/he/cli.js')).keysCommands },
  { name: 'model', summary: 'inspect trained models (model cards)', load: async () => (await import('../models/cli.js')).modelCommands },
  { name: 'eval', summary: 'run an evaluation suite: metrics.json, report.md and SVG plots', load: async () => (await import('../eval/cli.js')).evalCommands },
];
