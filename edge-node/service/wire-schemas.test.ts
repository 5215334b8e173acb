import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOSE_KINDS } from '../../datasets/records.js';
import { DoseCommandWire, parseDoseCommand } from './wire-schemas.js';

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
// Mostly valid fields, each sometimes replaced by a near miss, so both paths and their edges are hit.
const field = <T>(valid: fc.Arbitrary<T>, ...wrong: fc.Arbitrary<unknown>[]) => fc.oneof({ weight: 40, arbitrary: valid as fc.Arbitrary<unknown> }, ...wrong.map((w) => ({ weight: 1, arbitrary: w })));
const wireCommand = fc.record({
  commandId: field(fc.string({ minLength: 1, maxLength: 64 }), fc.constant(''), fc.string({ minLength: 65, maxLength: 70 }), fc.integer()),
  patientId: field(fc.constantFrom('p-0123abcd', 'p-be000001'), fc.constantFrom('p-0123ABCD', 'p-123', 'patient-1', '')),
  deviceId: field(fc.constantFrom('pump-1', 'bench-pump-7'), fc.constant(''), fc.constant(null)),
  issuerId: field(fc.constant('aid-1'), fc.constant(undefined)),
  counter: field(fc.nat({ max: Number.MAX_SAFE_INTEGER }), fc.constantFrom(-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2, '7')),
  issuedAtMs: field(fc.integer({ min: 1, max: 2_000_000_000_000 }), fc.constantFrom(0, -5, 1.25, Number.POSITIVE_INFINITY)),
  kind: field(fc.constantFrom(...DOSE_KINDS.map((k) => `DOSE_KIND_${k}`)), fc.constantFrom('DOSE_KIND_UNSPECIFIED', 'BOLUS', 3)),
  units: field(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1000, noNaN: true })), fc.constantFrom(-0.1, 1000.5, Number.NaN, Number.POSITIVE_INFINITY, '1')),
  durationMinutes: field(fc.constantFrom(0, 30, 1440), fc.constantFrom(-1, 1441, 2.5)),
  infusion: field(fc.constantFrom(null, undefined), fc.constant({ drugId: 'heparin', careArea: 'icu', dose: 1, doseUnit: 'units/h', rateMlPerHour: 1 }), fc.constant({})),
  authNonce: field(bytes(16).map((b) => Buffer.from(b)), bytes(15), fc.constant('x'.repeat(16))),
  authTag: field(bytes(16), bytes(17)),
  extra: fc.option(fc.string(), { nil: undefined }),
}, { requiredKeys: ['commandId', 'patientId', 'deviceId', 'issuerId', 'counter', 'issuedAtMs', 'kind', 'units', 'durationMinutes', 'authNonce', 'authTag'] });

describe('wire DoseCommand parsing', () => {
  it('gives exactly the schema result (output or issues) for valid and invalid messages', () => {
    let fast = 0;
    fc.assert(fc.property(wireCommand, (message) => {
      const expected = DoseCommandWire.safeParse(message);
      const actual = parseDoseCommand(message);
      expect(actual.success).toBe(expected.success);
      if (expected.success) {
        fast++;
        expect(actual.data).toStrictEqual(expected.data);
      } else expect(actual.error!.issues).toEqual(expected.error.issues);
    }), { numRuns: 3000, seed: 8 });
    expect(fast).toBeGreaterThan(300);
  });
});
