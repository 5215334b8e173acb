/**
 * Prometheus metrics (prom-client) on a separate loopback HTTP port: verdicts by verdict and reason,
 * gate latency, ingest outcomes (bad frames by reason). Labels never carry patient or device ids.
 */
import { createServer, type Server } from 'node:http';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { GateVerdict__Output } from '../proto/gen/vigil/v1/GateVerdict.js';
import type { VerdictObserver } from './dose/dose-gate-runner.js';
import type { IngestObserver } from './ingest/ingestor.js';

/** The node's metrics. */
export class EdgeMetrics implements VerdictObserver, IngestObserver {
  readonly registry = new Registry();
  readonly #verdicts = new Counter({ name: 'vigil_edge_verdicts_total', help: 'Dose verdicts by verdict', labelNames: ['verdict', 'model_status'], registers: [this.registry] });
  readonly #reasons = new Counter({ name: 'vigil_edge_verdict_reasons_total', help: 'Reasons given in dose verdicts', labelNames: ['reason'], registers: [this.registry] });
  readonly #latency = new Histogram({ name: 'vigil_edge_gate_latency_seconds', help: 'GateDose latency from arrival to durable verdict', buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5], registers: [this.registry] });
  readonly #frames = new Counter({ name: 'vigil_edge_ingest_frames_total', help: 'Ingested frames by outcome (accepted or the rejection)', labelNames: ['outcome'], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Counts one durable verdict. */
  verdict(v: GateVerdict__Output, latencyMs: number): void {
    this.#verdicts.inc({ verdict: v.verdict, model_status: v.modelStatus });
    for (const r of v.reasons) this.#reasons.inc({ reason: r.code });
    this.#latency.observe(latencyMs / 1000);
  }

  /** Counts one frame outcome. */
  frame(outcome: string): void {
    this.#frames.inc({ outcome });
  }

  /**
   * Serves GET /metrics.
   * @returns the server and its bound port. @throws (rejects) when the port cannot be bound.
   */
  serve(host: string, port: number): Promise<{ server: Server; port: number }> {
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      this.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        const address = server.address();
        resolve({ server, port: typeof address === 'object' && address ? address.port : port });
      });
    });
  }
}
