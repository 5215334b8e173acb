/**
 * Configuration of `vigil datasets generate`, validated once with zod (loadConfig). Every field has a
 * default, so an empty config (or none) generates a small four-site cohort.
 */
import { z } from 'zod';
import { ATTACK_TYPES, SITE_KINDS, type SiteKind } from '../records.js';
import { ARCHETYPES } from '../pillbox/archetypes.js';

const SitePatients = z.strictObject(Object.fromEntries(SITE_KINDS.map((kind) => [kind, z.number().int().min(0).max(100_000).optional()])) as Record<SiteKind, z.ZodOptional<z.ZodNumber>>);

/** The generate config. */
export const CohortConfigSchema = z.strictObject({
  /** Seed of everything (same seed and config → byte-identical files). */
  seed: z.union([z.string().min(1).max(128), z.number().int()]).default('vigil'),
  /** Local midnight (UTC) of day 0, YYYY-MM-DD. */
  startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
    .refine((text) => { const ms = Date.parse(`${text}T00:00:00Z`); return Number.isFinite(ms) && new Date(ms).toISOString().startsWith(text); }, 'is not a calendar date').default('2025-01-06'),
  days: z.number().int().min(1).max(3650).default(7),
  /** Patients at each site: one number for all, or per site kind. */
  patientsPerSite: z.union([z.number().int().min(0).max(100_000), SitePatients]).default(4),
  /** Which site kinds to generate. */
  sites: z.array(z.enum(SITE_KINDS)).min(1).default([...SITE_KINDS]),
  /** Expected attacks and faults per patient-day (Poisson); 0 disables them. */
  attackRatePerPatientDay: z.number().min(0).max(50).default(0.3),
  /** Restrict injected types (default all). */
  attackTypes: z.array(z.enum(ATTACK_TYPES)).min(1).optional(),
  /** Archetype weights for pillbox patients (default: DEFAULT_ARCHETYPE_MIX). */
  archetypeMix: z.strictObject(Object.fromEntries(ARCHETYPES.map((a) => [a, z.number().min(0).optional()])) as Record<(typeof ARCHETYPES)[number], z.ZodOptional<z.ZodNumber>>).optional(),
  /**
   * Device keys: 'seeded' draws them from the seeded random (reproducible files, simulation only);
   * 'crypto' uses crypto.randomBytes (files then differ run to run in devices.jsonl only).
   */
  deviceKeys: z.enum(['seeded', 'crypto']).default('seeded'),
  /** Also write CSV copies of the flat streams (cgm, pump, heart-rate, infusion, pillbox-events, dose-outcomes). */
  csv: z.boolean().default(false),
});
/** A validated, defaulted generate config. */
export type CohortConfig = z.output<typeof CohortConfigSchema>;

/** @returns patients at a site kind. */
export function patientsAt(config: CohortConfig, kind: SiteKind): number {
  return typeof config.patientsPerSite === 'number' ? config.patientsPerSite : (config.patientsPerSite[kind] ?? 0);
}

/** @returns epoch ms of day 0. @throws RangeError on an impossible date. */
export function startMsOf(config: CohortConfig): number {
  const ms = Date.parse(`${config.startDate}T00:00:00Z`);
  if (!Number.isFinite(ms)) throw new RangeError(`startDate '${config.startDate}' is not a date`);
  return ms;
}
