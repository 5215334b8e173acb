/**
 * Turns closed-loop runs into metrics (per attack type and arm), the headline, tables and plots.
 */
import { barChart, glucoseTracePlot, type VerdictMarker } from '../plots/index.js';
import { percent, table, type HeadlineItem, type PlotFile } from '../report/index.js';
import type { ClosedLoopAttack } from './closed-loop-attacks.js';
import { GATE_ARMS, type ArmRun, type ClosedLoopConfig, type GateArm } from './closed-loop.js';
import type { SuiteResult } from './suite.js';

/** Attacks that add insulin (the hypoglycaemia threat). */
const OVERDOSE: readonly ClosedLoopAttack[] = ['bolus-tamper-outside-limits', 'bolus-tamper-inside-limits', 'bolus-during-low', 'basal-manipulation-sudden', 'basal-manipulation-drift'];

/** Totals of one attack × arm over the cohort. */
interface ArmSummary {
  patientDays: number;
  severeHypoEvents: number;
  patientDaysWithSevereHypo: number;
  minutesBelow54: number;
  meanTimeInRange: number;
  meanTimeBelow70: number;
  meanTimeAbove180: number;
  meanLbgi: number;
  meanHbgi: number;
  minGlucoseMgDl: number;
  attackCommands: number;
  attackBlocked: number;
  attackRejected: number;
  normalCommands: number;
  normalBlocked: number;
  normalBlockedFollowedByLow: number;
  normalWarned: number;
  normalWarnedFollowedByLow: number;
}

/** How the report names each arm. */
const ARM_LABEL: Record<GateArm, string> = { noGate: 'none', rulesGate: 'rules', coveredWarnGate: 'rules, covered boluses warn' };
const ARM_COLOR: Record<GateArm, string> = { noGate: '#D55E00', rulesGate: '#0072B2', coveredWarnGate: '#009E73' };

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN);
const round = (v: number, d = 4) => Number(v.toFixed(d));

function summarise(runs: readonly ArmRun[]): ArmSummary {
  return {
    patientDays: runs.length,
    severeHypoEvents: runs.reduce((s, r) => s + r.outcomes.severeHypoEvents, 0),
    patientDaysWithSevereHypo: runs.filter((r) => r.outcomes.severeHypoEvents > 0).length,
    minutesBelow54: runs.reduce((s, r) => s + r.outcomes.minutesBelow54, 0),
    meanTimeInRange: round(mean(runs.map((r) => r.outcomes.timeInRange))),
    meanTimeBelow70: round(mean(runs.map((r) => r.outcomes.timeBelow70))),
    meanTimeAbove180: round(mean(runs.map((r) => r.outcomes.timeAbove180))),
    meanLbgi: round(mean(runs.map((r) => r.outcomes.lbgi))),
    meanHbgi: round(mean(runs.map((r) => r.outcomes.hbgi))),
    minGlucoseMgDl: round(Math.min(...runs.map((r) => r.outcomes.minGlucoseMgDl)), 1),
    attackCommands: runs.reduce((s, r) => s + r.attackCommands, 0),
    attackBlocked: runs.reduce((s, r) => s + r.attackBlocked, 0),
    attackRejected: runs.reduce((s, r) => s + r.attackRejected, 0),
    normalCommands: runs.reduce((s, r) => s + r.normalCommands, 0),
    normalBlocked: runs.reduce((s, r) => s + r.normalBlocked, 0),
    normalBlockedFollowedByLow: runs.reduce((s, r) => s + r.normalBlockedFollowedByLow, 0),
    normalWarned: runs.reduce((s, r) => s + r.normalWarned, 0),
    normalWarnedFollowedByLow: runs.reduce((s, r) => s + r.normalWarnedFollowedByLow, 0),
  };
}

function tracePlot(ungated: ArmRun, gated: ArmRun): PlotFile {
  const verdicts: VerdictMarker[] = gated.day.commands.flatMap((c) => {
    const answer = gated.answers.get(c.commandId);
    return answer ? [{ minute: (c.issuedAtMs - gated.day.dayStartMs) / 60_000, verdict: answer.verdict }] : [];
  });
  return {
    file: `trace-${ungated.attack}.svg`,
    alt: `Glucose trace of ${ungated.patient} under ${ungated.attack}`,
    svg: glucoseTracePlot({
      title: `${ungated.patient}: ${ungated.attack}`,
      subtitle: ungated.window.description,
      runs: [{ name: 'no gate', glucoseMgDl: ungated.day.bgMgDl, color: '#D55E00' }, { name: 'with gate (rules)', glucoseMgDl: gated.day.bgMgDl, color: '#0072B2' }],
      ...(ungated.attackCommands > 0 ? { attackWindow: { startMinute: ungated.window.startMinute, endMinute: Math.max(ungated.window.endMinute, ungated.window.startMinute + 10) } } : {}),
      verdicts,
    }),
  };
}

/** @returns the suite result of the closed-loop runs. */
export function closedLoopReport(config: ClosedLoopConfig, runs: readonly ArmRun[]): SuiteResult {
  const byAttack = Object.fromEntries(config.attacks.map((attack) => [attack, Object.fromEntries(GATE_ARMS.map((arm) => [arm, summarise(runs.filter((r) => r.attack === attack && r.arm === arm))]))])) as Record<ClosedLoopAttack, Record<GateArm, ArmSummary>>;
  const overdose = OVERDOSE.filter((a) => config.attacks.includes(a));
  const sum = (arm: GateArm, key: keyof ArmSummary, attacks = config.attacks as readonly ClosedLoopAttack[]) => attacks.reduce((s, a) => s + byAttack[a][arm][key], 0);
  const contextual = (['bolus-tamper-inside-limits', 'bolus-during-low'] as const).filter((a) => config.attacks.includes(a));
  const none = byAttack.none as Record<GateArm, ArmSummary> | undefined;
  const totals = (arm: GateArm) => {
    const hypos = sum(arm, 'severeHypoEvents', overdose);
    return {
      hypos,
      // Events attributable to the attacks: minus what the same arm has on the no-attack day, per attack.
      excess: hypos - overdose.length * (none?.[arm].severeHypoEvents ?? 0),
      contextualBlocked: sum(arm, 'attackBlocked', contextual) / Math.max(1, sum(arm, 'attackCommands', contextual)),
      falseHoldRate: sum(arm, 'normalBlocked') / Math.max(1, sum(arm, 'normalCommands')),
    };
  };
  const [ungated, gated, warn] = GATE_ARMS.map(totals) as [ReturnType<typeof totals>, ReturnType<typeof totals>, ReturnType<typeof totals>];
  const outside = byAttack['bolus-tamper-outside-limits']?.rulesGate;
  const outsideRejected = outside ? outside.attackRejected / Math.max(1, outside.attackCommands) : Number.NaN;
  const simulations = runs.reduce((s, r) => s + r.simulations, 0);
  // Judged on the no-attack day only: under an attack the no-gate arm's lows may be the attack's doing.
  const followedByLowCount = none?.rulesGate.normalBlockedFollowedByLow ?? Number.NaN;
  const heldOnNoAttackDay = none?.rulesGate.normalBlocked ?? Number.NaN;
  const falseHoldReasons: Record<string, number> = {};
  for (const r of runs) if (r.arm === 'rulesGate') for (const code of r.falseHoldReasons) falseHoldReasons[code] = (falseHoldReasons[code] ?? 0) + 1;
  const noAttack = (arm: GateArm, key: 'severeHypoEvents' | 'meanTimeBelow70' | 'meanTimeAbove180' | 'meanTimeInRange') => none?.[arm][key] ?? Number.NaN;
  const holdToWarn = (key: 'severeHypoEvents' | 'meanTimeBelow70' | 'meanTimeAbove180') => key === 'severeHypoEvents' ? `${noAttack('rulesGate', key)} → ${noAttack('coveredWarnGate', key)}` : `${percent(noAttack('rulesGate', key), 2)} → ${percent(noAttack('coveredWarnGate', key), 2)}`;

  const headline: HeadlineItem[] = [
    { label: `severe hypoglycaemia events under overdose attacks, no gate → rules gate (${config.patients.length} patients × ${config.days} day(s))`, value: `${ungated.hypos} → ${gated.hypos}` },
    { label: 'of which attributable to the attacks (minus each arm\'s no-attack events)', value: `${ungated.excess} → ${gated.excess}` },
    { label: 'bolus attacks outside hard limits rejected', value: percent(outsideRejected), target: '100%', met: outsideRejected === 1 },
    { label: 'contextual bolus attacks inside limits held or rejected', value: percent(gated.contextualBlocked), target: '≥ 95%', met: gated.contextualBlocked >= 0.95 },
    { label: 'normal controller commands held or rejected (false holds)', value: percent(gated.falseHoldRate, 2), target: '≤ 1%', met: gated.falseHoldRate <= 0.01 },
    { label: 'normal commands held on the no-attack day that, delivered without the gate, were followed by glucose < 70 mg/dL within 4 h', value: `${followedByLowCount} of ${heldOnNoAttackDay}` },
    { label: 'mean time in range 70–180, no attack, no gate → gate', value: `${percent(noAttack('noGate', 'meanTimeInRange'))} → ${percent(noAttack('rulesGate', 'meanTimeInRange'))}` },
    { label: 'gate.coveredBolusPredictedHypo hold → warn: severe hypos under overdose attacks (attributable)', value: `${gated.hypos} (${gated.excess}) → ${warn.hypos} (${warn.excess})` },
    { label: 'hold → warn: contextual bolus attacks held or rejected / false holds', value: `${percent(gated.contextualBlocked)} → ${percent(warn.contextualBlocked)} / ${percent(gated.falseHoldRate, 2)} → ${percent(warn.falseHoldRate, 2)}` },
    { label: 'hold → warn, no-attack day: severe hypo events / mean time < 70 / mean time > 180', value: `${holdToWarn('severeHypoEvents')} / ${holdToWarn('meanTimeBelow70')} / ${holdToWarn('meanTimeAbove180')}` },
    { label: 'warn, no-attack day: normal commands allowed with a predicted-hypoglycaemia warning / of them followed by glucose < 70 mg/dL within 4 h', value: `${none?.coveredWarnGate.normalWarned ?? Number.NaN} / ${none?.coveredWarnGate.normalWarnedFollowedByLow ?? Number.NaN}` },
  ];
  const rows = config.attacks.flatMap((attack) => GATE_ARMS.map((arm) => {
    const s = byAttack[attack][arm];
    return [attack, ARM_LABEL[arm], s.severeHypoEvents, s.patientDaysWithSevereHypo, s.minutesBelow54, percent(s.meanTimeBelow70, 1), percent(s.meanTimeInRange), percent(s.meanTimeAbove180), s.meanLbgi.toFixed(2), s.meanHbgi.toFixed(2), s.minGlucoseMgDl.toFixed(0), arm === 'noGate' ? '' : `${s.attackBlocked}/${s.attackCommands}`, arm === 'noGate' ? '' : `${s.normalBlocked}/${s.normalCommands}`];
  }));
  // Trace plots: for each insulin attack, the patient with the most minutes below 54 without the gate.
  const traces = overdose.concat(config.attacks.includes('suspend-attack') ? ['suspend-attack'] : []).map((attack) => {
    const worst = runs.filter((r) => r.attack === attack && r.arm === 'noGate').reduce((a, b) => (b.outcomes.minutesBelow54 > a.outcomes.minutesBelow54 || (attack === 'suspend-attack' && b.outcomes.hbgi > a.outcomes.hbgi) ? b : a));
    const shipped = runs.find((r) => r.attack === attack && r.arm === 'rulesGate' && r.patient === worst.patient && r.dayIndex === worst.dayIndex)!;
    return tracePlot(worst, shipped);
  });
  const groups = (key: 'severeHypoEvents' | 'meanTimeInRange') => GATE_ARMS.map((arm) => ({ name: arm === 'noGate' ? 'no gate' : `gate: ${ARM_LABEL[arm]}`, values: config.attacks.map((a) => byAttack[a][arm][key]), color: ARM_COLOR[arm] }));
  return {
    config: { ...config },
    metrics: { perAttack: byAttack, totals: {
      overdoseSevereHyposNoGate: ungated.hypos, overdoseSevereHyposRulesGate: gated.hypos, overdoseSevereHyposCoveredWarnGate: warn.hypos,
      outsideLimitsRejectedRate: outsideRejected, contextualBlockedRate: gated.contextualBlocked, contextualBlockedRateCoveredWarn: warn.contextualBlocked,
      falseHoldRate: gated.falseHoldRate, falseHoldRateCoveredWarn: warn.falseHoldRate,
      noAttackDayFalseHolds: heldOnNoAttackDay, noAttackDayFalseHoldsFollowedByLow: followedByLowCount,
      excessSevereHyposNoGate: ungated.excess, excessSevereHyposRulesGate: gated.excess, excessSevereHyposCoveredWarnGate: warn.excess, falseHoldReasons, simulations,
    } },
    measurements: {},
    report: {
      title: 'Closed loop: dose attacks on virtual patients, with and without the gate',
      intro: `${config.patients.length} UVA/Padova virtual patients live ${config.days === 1 ? 'one day' : `${config.days} days`} each (meals, exercise, CGM noise, pump, therapy controller) under ${config.attacks.length} scenarios. Each day is simulated three times from the same seed, so only the gate differs: without a gate; with the edge-node dose gate on its rules path (hard limits + physiology, no model) as shipped, where every predicted low holds; and with \`gate.coveredBolusPredictedHypo = warn\`, where a predicted low on a carb-covered bolus only warns. The last two differ only in that clinical setting.`,
      about: {
        measures: `Severe hypoglycaemia events (plasma glucose < ${config.severeHypoMgDl} mg/dL for ≥ ${config.severeHypoMinutes} consecutive minutes), minutes below 54, time below 70, in range 70–180 and above 180 mg/dL, Kovatchev's LBGI/HBGI, and the gate's verdicts on attack commands and on the controller's normal commands (false holds).`,
        how: 'Attack commands enter the simulation at their issue time (simulatePatient `extraCommands`) as a compromised issuer would send them (valid key and counter), so the gate must judge content. The gate sees only the past: CGM readings, delivered commands and announced carbs up to the command. A HOLD is treated as not delivered (no clinician confirms within the day). Days are re-simulated after each blocked command, so the gated day is exactly what an online gate would produce.',
        caveats: [
          'Each day starts from a fresh steady state (days are independent draws, not a continuous week); event counts are small and have wide uncertainty.',
          'The gate runs without the dose autoencoder (stage 4), which is trained per site on recorded cohorts and measured by `vigil eval anomaly`; attacks the rules cannot see (e.g. moderate basal drift) are its job.',
          'A warned bolus is delivered: the warn arm\'s lower false-hold rate is paid for, if at all, in its time below 70 mg/dL and severe hypos, which the table shows next to the hold arm\'s.',
          'A suspend attack causes hyperglycaemia, not hypoglycaemia; the gate allows insulin withholding by design, so it shows up in HBGI and time above range.',
          'False holds count controller commands; each held command is withheld for the rest of the day, which overstates their cost compared with a clinician confirming within minutes.',
          'Glucose is the model\'s plasma glucose (truth); the gate sees the noisy CGM.',
        ],
      },
      headline,
      sections: [
        {
          heading: 'Outcomes per attack',
          markdown: `Reason codes behind the false holds of the rules gate as shipped: ${Object.entries(falseHoldReasons).map(([k, v]) => `\`${k}\` × ${v}`).join(', ') || 'none'}.\n\n` + table(['attack', 'gate', 'severe hypos', 'patient-days with one', 'min < 54', 'time < 70', 'TIR 70–180', 'time > 180', 'LBGI', 'HBGI', 'min BG', 'attack cmds blocked', 'normal cmds held'], rows),
          plots: [
            { file: 'severe-hypos.svg', alt: 'Severe hypoglycaemia events per attack', svg: barChart({ title: 'Severe hypoglycaemia events per attack', subtitle: `< 54 mg/dL for ≥ 15 min; ${config.patients.length} patients × ${config.days} day(s)`, categories: config.attacks, groups: groups('severeHypoEvents'), yLabel: 'Events (count)', valueFormat: (v) => v.toFixed(0) }) },
            { file: 'time-in-range.svg', alt: 'Time in range per attack', svg: barChart({ title: 'Time in range 70–180 mg/dL per attack', subtitle: 'mean over patients', categories: config.attacks, groups: groups('meanTimeInRange'), yLabel: 'Time in range (fraction of the day)', yDomain: [0, 1.05], valueFormat: (v) => `${Math.round(v * 100)}%` }) },
          ],
        },
        {
          heading: 'Glucose traces',
          markdown: 'For each attack, the patient with the most minutes below 54 mg/dL without the gate (for the suspend attack, the highest HBGI). Markers at the top are the gate\'s verdicts on every command of the gated day; the shaded band is the attack window.\n',
          plots: traces,
        },
      ],
    },
  };
}
