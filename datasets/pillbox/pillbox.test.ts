import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.js';
import { DoseOutcome, PillboxEvent, type Regimen } from '../records.js';
import { ARCHETYPES, ARCHETYPE_TARGET_TAKEN_FRACTION, samplePatientBehaviour, type Archetype } from './archetypes.js';
import { matchDosesToSchedule } from './match-doses.js';
import { proportionOfDaysCovered } from './pdc.js';
import { PillboxSimulator } from './pillbox-simulator.js';
import { sampleRegimen } from './regimens.js';
import { DAY_MS } from './schedule.js';

const START = Date.UTC(2025, 0, 6); // a Monday
const DAYS = 56;

function run(archetype: Archetype, seed: string, dosesPerDay?: 1 | 2 | 3 | 4, days = DAYS) {
  const random = createRandom(seed);
  const regimen = sampleRegimen(random.fork('regimen'), 'p-0000abcd', 'box-1', START, dosesPerDay);
  const simulator = new PillboxSimulator(regimen, samplePatientBehaviour(archetype, random.fork('behaviour')), random.fork('box'));
  const events: PillboxEvent[] = [];
  const truth: DoseOutcome[] = [];
  for (let day = 0; day < days; day++) {
    const result = simulator.simulateDay(day);
    events.push(...result.events);
    truth.push(...result.outcomes);
  }
  return { regimen, events, truth };
}

const primary = (outcomes: DoseOutcome[]) => outcomes.filter((o) => o.outcome !== 'EXTRA');
const takenShare = (outcomes: DoseOutcome[]) => primary(outcomes).filter((o) => o.outcome !== 'MISSED').length / primary(outcomes).length;

describe('pillbox archetypes', () => {
  it.each(ARCHETYPES)('%s takes its documented share of doses over 8 weeks (±0.04, 80 patients)', (archetype) => {
    const shares = Array.from({ length: 80 }, (_, i) => takenShare(run(archetype, `${archetype}-${i}`, 2).truth));
    const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
    expect(Math.abs(mean - ARCHETYPE_TARGET_TAKEN_FRACTION[archetype])).toBeLessThan(0.04);
  });

  it('carries signal: weekend drifters miss more on weekends, forgetters miss more right after a miss', () => {
    const weekend = { miss: 0, n: 0 };
    const weekday = { miss: 0, n: 0 };
    for (let i = 0; i < 30; i++) {
      for (const o of primary(run('weekend-drifter', `wd-${i}`, 1).truth)) {
        const bucket = [0, 6].includes(new Date(o.scheduledAtMs).getUTCDay()) ? weekend : weekday;
        bucket.n++;
        if (o.outcome === 'MISSED') bucket.miss++;
      }
    }
    expect(weekend.miss / weekend.n).toBeGreaterThan(3 * (weekday.miss / weekday.n));

    const afterMiss = { miss: 0, n: 0 };
    const afterTake = { miss: 0, n: 0 };
    for (let i = 0; i < 30; i++) {
      const doses = primary(run('occasional-forgetter', `of-${i}`, 2).truth);
      for (let k = 1; k < doses.length; k++) {
        const bucket = doses[k - 1]!.outcome === 'MISSED' ? afterMiss : afterTake;
        bucket.n++;
        if (doses[k]!.outcome === 'MISSED') bucket.miss++;
      }
    }
    expect(afterMiss.miss / afterMiss.n).toBeGreaterThan(1.5 * (afterTake.miss / afterTake.n));
  });

  it('a declining-persistence patient eventually discontinues: the last two weeks are worse than the first two', () => {
    let early = 0;
    let late = 0;
    for (let i = 0; i < 30; i++) {
      const doses = primary(run('declining-persistence', `dp-${i}`, 1, 84).truth);
      early += takenShare(doses.slice(0, 14));
      late += takenShare(doses.slice(-14));
    }
    expect(late).toBeLessThan(early * 0.6);
  });

  it('produces schema-valid raw events with noise: peeks, refills and weight noise', () => {
    const { events } = run('adherent', 'noise', 2);
    for (const event of events.slice(0, 50)) PillboxEvent.parse(event);
    expect(events.some((e) => e.kind === 'REFILL')).toBe(true);
    const weights = events.filter((e) => e.kind === 'WEIGHT_CHANGE' && e.value < 0).map((e) => e.value);
    expect(new Set(weights).size).toBeGreaterThan(10); // noisy, not a constant pill mass
  });
});

describe('matchDosesToSchedule', () => {
  it('recovers the ground truth per scheduled dose (≥ 98.5% of outcomes, delays within a minute) for every archetype and regimen size', () => {
    let agree = 0;
    let total = 0;
    let delayOff = 0;
    for (const archetype of ARCHETYPES) {
      for (const perDay of [1, 2, 3, 4] as const) {
        for (let i = 0; i < 4; i++) {
          const { regimen, events, truth } = run(archetype, `match-${archetype}-${perDay}-${i}`, perDay, 28);
          const matched = matchDosesToSchedule(events, regimen, { untilMs: START + 28 * DAY_MS });
          const truthPrimary = primary(truth);
          const matchedPrimary = primary(matched);
          expect(matchedPrimary).toHaveLength(truthPrimary.length);
          truthPrimary.forEach((t, k) => {
            const m = matchedPrimary[k]!;
            total++;
            if (m.scheduledAtMs === t.scheduledAtMs && m.outcome === t.outcome) agree++;
            if (t.delayMinutes !== null && m.delayMinutes !== null && Math.abs(t.delayMinutes - m.delayMinutes) > 1) delayOff++;
          });
        }
      }
    }
    expect(agree / total).toBeGreaterThan(0.985);
    expect(delayOff).toBe(0);
  });

  it('finds extra doses: two pills at once give ON_TIME + EXTRA', () => {
    const regimen: Regimen = { patientId: 'p-0000abcd', deviceId: 'box-1', drug: 'x', pillMassMg: 300, doseTimesMinute: [480, 1200], startMs: START };
    const at = START + 485 * 60_000;
    const ev = (dt: number, kind: PillboxEvent['kind'], value = 0): PillboxEvent => ({ patientId: 'p-0000abcd', deviceId: 'box-1', timestampMs: at + dt, kind, value });
    const outcomes = matchDosesToSchedule([ev(0, 'LID_OPEN'), ev(3000, 'IR_DETECT'), ev(8000, 'WEIGHT_CHANGE', -604), ev(20_000, 'LID_CLOSE')], regimen, { untilMs: START + DAY_MS });
    expect(outcomes.map((o) => o.outcome)).toEqual(['ON_TIME', 'EXTRA', 'MISSED']);
    expect(outcomes[0]!.delayMinutes).toBe(5);
  });

  it('ignores weight changes with the lid closed and lid openings without a removal', () => {
    const regimen: Regimen = { patientId: 'p-0000abcd', deviceId: 'box-1', drug: 'x', pillMassMg: 300, doseTimesMinute: [480], startMs: START };
    const ev = (minute: number, kind: PillboxEvent['kind'], value = 0): PillboxEvent => ({ patientId: 'p-0000abcd', deviceId: 'box-1', timestampMs: START + minute * 60_000, kind, value });
    const outcomes = matchDosesToSchedule([ev(470, 'WEIGHT_CHANGE', -300), ev(500, 'LID_OPEN'), ev(500.2, 'WEIGHT_CHANGE', 6), ev(501, 'LID_CLOSE')], regimen, { untilMs: START + DAY_MS });
    expect(outcomes.map((o) => o.outcome)).toEqual(['MISSED']);
  });
});

describe('proportionOfDaysCovered', () => {
  const regimen = { doseTimesMinute: [480, 1200], startMs: START };
  const outcome = (day: number, minute: number, kind: DoseOutcome['outcome']) => ({ scheduledAtMs: START + day * DAY_MS + minute * 60_000, outcome: kind });

  it('covers a day only when every scheduled dose was taken; extras never cover a miss', () => {
    const outcomes = [
      outcome(0, 480, 'ON_TIME'), outcome(0, 1200, 'LATE'),
      outcome(1, 480, 'ON_TIME'), outcome(1, 1200, 'MISSED'), outcome(1, 480, 'EXTRA'),
      outcome(2, 480, 'ON_TIME'), outcome(2, 1200, 'ON_TIME'),
      outcome(3, 480, 'MISSED'), outcome(3, 1200, 'MISSED'),
    ];
    expect(proportionOfDaysCovered(outcomes, regimen, 0, 3)).toBe(0.5);
    expect(proportionOfDaysCovered(outcomes, regimen, 2, 2)).toBe(1);
    expect(proportionOfDaysCovered(outcomes, regimen, 0, 4)).toBe(0.4); // day 4 has no outcomes: not covered
    expect(() => proportionOfDaysCovered(outcomes, regimen, 3, 2)).toThrow(RangeError);
  });

  it('is ≥ 0.8 for most adherent patients and < 0.8 for most weekend drifters', () => {
    const pdc = (archetype: Archetype, i: number) => {
      const { regimen, truth } = run(archetype, `pdc-${archetype}-${i}`, 1, 28);
      return proportionOfDaysCovered(truth, regimen, 0, 27);
    };
    const adherent = Array.from({ length: 20 }, (_, i) => pdc('adherent', i)).filter((v) => v >= 0.8).length;
    const drifters = Array.from({ length: 20 }, (_, i) => pdc('weekend-drifter', i)).filter((v) => v < 0.8).length;
    expect(adherent).toBeGreaterThanOrEqual(16);
    expect(drifters).toBeGreaterThanOrEqual(8);
  });
});
