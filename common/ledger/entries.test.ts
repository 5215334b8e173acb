import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/index.js';
import { decodeEntry, encodeEntry } from './entries.js';

describe('entries', () => {
  const verdict = { commandId: 'c1', deviceId: 'pump-1', patientId: 'p-9', verdict: 'HOLD', reasons: ['IOB_HIGH'], anomalyScore: 0.91, extra: { site: 'ward-3' } };

  it('encodes as type tag, newline, canonical JSON of {atMs, data}', () => {
    const entry = encodeEntry({ type: 'verdict', atMs: 1700000000000, data: verdict });
    expect(entry.bytes.toString('utf8')).toBe(
      'verdict\n{"atMs":1700000000000,"data":{"anomalyScore":0.91,"commandId":"c1","deviceId":"pump-1","extra":{"site":"ward-3"},"patientId":"p-9","reasons":["IOB_HIGH"],"verdict":"HOLD"}}',
    );
  });

  it('encodes the same entry to the same bytes whatever the field order', () => {
    const reordered = Object.fromEntries(Object.entries(verdict).reverse());
    expect(encodeEntry({ type: 'verdict', atMs: 5, data: reordered }).bytes).toEqual(encodeEntry({ type: 'verdict', atMs: 5, data: verdict }).bytes);
  });

  it('decodes its own bytes back to the same entry', () => {
    const entry = encodeEntry({ type: 'round', atMs: 9, data: { roundId: 'r1', model: 'ae', status: 'completed', participants: ['a', 'b'] } });
    const decoded = decodeEntry(entry.bytes);
    expect(decoded.ok && decoded.entry.data).toEqual({ roundId: 'r1', model: 'ae', status: 'completed', participants: ['a', 'b'] });
  });

  it.each([
    ['an unknown type', { type: 'coffee', atMs: 1, data: {} }, 'type'],
    ['a missing field', { type: 'override', atMs: 1, data: { commandId: 'c', decision: 'CONFIRM', reason: 'ok' } }, 'data.clinicianId'],
    ['a bad enum', { type: 'alert', atMs: 1, data: { alertId: 'a', kind: 'k', severity: 'loud', message: 'm' } }, 'data.severity'],
    ['a fractional time', { type: 'config_change', atMs: 1.5, data: { component: 'gate', changedBy: 'ops', digest: 'x' } }, 'atMs'],
  ])('refuses %s, naming the field', (_what, input, field) => {
    expect(() => encodeEntry(input)).toThrow(InvalidArgumentError);
    expect(() => encodeEntry(input)).toThrow(field);
  });

  it.each([
    ['no type tag', '{"atMs":1,"data":{}}'],
    ['non-canonical JSON', 'deployment\n{"data":{"action":"promote","model":"ae","nodeId":"n","version":"1"},"atMs":1}'],
    ['whitespace', 'deployment\n{"atMs":1, "data":{"action":"promote","model":"ae","nodeId":"n","version":"1"}}'],
    ['an extra envelope field', 'deployment\n{"atMs":1,"data":{"action":"promote","model":"ae","nodeId":"n","version":"1"},"x":1}'],
    ['an invalid payload', 'deployment\n{"atMs":1,"data":{"action":"explode","model":"ae","nodeId":"n","version":"1"}}'],
  ])('decodeEntry refuses %s', (_what, text) => {
    expect(decodeEntry(Buffer.from(text)).ok).toBe(false);
  });

  it('accepts the canonical form of the same deployment', () => {
    expect(decodeEntry(Buffer.from('deployment\n{"atMs":1,"data":{"action":"promote","model":"ae","nodeId":"n","version":"1"}}')).ok).toBe(true);
  });
});
