/**
 * Security layers a measurement may turn off (eval latency suite, bench) to price them. Injected in code
 * through {@link EdgePlugins}; deliberately not part of EdgeConfig, so no deployment can set them.
 */

/** Which layers to turn off; every field absent means the production node. */
export interface MeasurementSwitches {
  /** Serve without TLS (loopback measurement only); calls act as the ICU gateway. */
  insecureTransport?: boolean;
  /** Do not append verdicts to the audit log (replies carry no audit reference). */
  auditOff?: boolean;
  /** Accept device frames as plaintext (no Ascon-AEAD128 open; counters and payload checks still run). */
  plainFrames?: boolean;
}
