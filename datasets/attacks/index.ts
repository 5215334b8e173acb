/** Attacks and faults, labelled: planning, record-level injection, and the attack implementations. */
export { injectAttacks } from './inject-attacks.js';
export type { CounterState, DayAttackPlan, InjectedDay } from './inject-attacks.js';
export { planPatientAttacks, ATTACK_REQUIRES, FAULT_TYPES } from './plan.js';
export type { PlannedAttack, AttackTargets, PatientAttackPlan, AttackTypeUsage, PlanOptions } from './plan.js';
export type { AttackableDay } from './attack-day.js';
export { RESTORING_ATTACK_TYPES } from './command-attacks.js';
