/**
 * ConfirmDose: a HOLD is released (or declined) only by a clinician — certificate role checked by the
 * transport — with a valid, unused TOTP code of that clinician, before the hold expires. Repeated wrong
 * codes lock the clinician's confirmations for a while (totp-lockout.ts) and raise an alert. Every
 * decision and every refusal goes to the audit log; the decision is stored as a label for training.
 */
import { VigilError } from '../../common/errors/index.js';
import type { Logger } from '../../common/log/index.js';
import type { ConfirmDoseResponse__Output } from '../../proto/gen/vigil/v1/ConfirmDoseResponse.js';
import type { AuditSink } from '../audit-sink.js';
import type { AlertHub } from '../alerts/alert-hub.js';
import type { PatientStates } from '../dose/patient-states.js';
import type { EdgeStore } from '../store/edge-store.js';
import type { DurableWriter } from '../store/durable-writer.js';
import { checkTotp } from './totp.js';
import { DEFAULT_LOCKOUT_POLICY, type LockoutPolicy, type LockoutState, TotpLockout } from './totp-lockout.js';

/** A validated confirmation request. */
export interface ConfirmRequest {
  holdId: string;
  totpCode: string;
  decision: 'CONFIRM' | 'DECLINE';
  note: string;
}

/** Releases or declines holds. */
export class HoldService {
  readonly #lastStep = new Map<string, number>();
  readonly #deciding = new Set<string>();
  readonly #lockout: TotpLockout;

  constructor(private readonly o: { store: EdgeStore; writer: DurableWriter; audit: AuditSink; alerts: AlertHub; patients: PatientStates; logger: Logger; lockout?: LockoutPolicy; now?: () => number }) {
    this.#lockout = new TotpLockout(o.lockout ?? DEFAULT_LOCKOUT_POLICY, (name) => o.store.clinician(name)?.lockout ?? { failures: 0, lockouts: 0, lockedUntilMs: 0 });
  }

  /**
   * Applies a clinician's decision.
   * @returns the final verdict (ALLOW when confirmed, REJECT when declined) with its audit reference.
   * @throws NOT_FOUND (no such hold), FAILED_PRECONDITION (already decided or expired),
   * PERMISSION_DENIED (clinician not provisioned), UNAUTHENTICATED (wrong or reused code),
   * RESOURCE_EXHAUSTED (the clinician is locked out after repeated wrong codes; the code is not checked).
   */
  async confirm(request: ConfirmRequest, clinician: string): Promise<ConfirmDoseResponse__Output> {
    const now = (this.o.now ?? Date.now)();
    const hold = this.o.store.hold(request.holdId);
    const refuse = async (error: VigilError): Promise<never> => {
      this.o.logger.warn({ holdId: request.holdId, clinician, refusal: error.code }, 'dose confirmation refused');
      await this.o.audit.append({
        type: 'override', atMs: now,
        data: { commandId: hold?.commandId ?? `unknown-hold:${request.holdId.slice(0, 64)}`, clinicianId: clinician, decision: request.decision === 'CONFIRM' ? 'CONFIRM' : 'CANCEL', reason: request.note, refused: true, refusal: error.message },
      });
      throw error;
    };
    if (!hold) return refuse(new VigilError('NOT_FOUND', `hold '${request.holdId.slice(0, 64)}' not found`));
    if (hold.status !== 'pending' || this.#deciding.has(hold.holdId)) return refuse(new VigilError('FAILED_PRECONDITION', `hold was already ${hold.status}`));
    if (now > hold.expiresAtMs) return refuse(new VigilError('FAILED_PRECONDITION', 'hold expired; the command must be re-issued'));
    const account = this.o.store.clinician(clinician);
    if (!account) return refuse(new VigilError('PERMISSION_DENIED', `clinician '${clinician}' has no TOTP enrolment on this node`));
    // Locked, checked and counted before any await, so concurrent guesses cannot overrun the limit.
    const lockedMs = this.#lockout.lockedForMs(clinician, now);
    if (lockedMs > 0) return refuse(new VigilError('RESOURCE_EXHAUSTED', `too many wrong TOTP codes: confirmations by this clinician are locked for another ${Math.ceil(lockedMs / 1000)} s`));
    const lastStep = Math.max(account.lastTotpStep, this.#lastStep.get(clinician) ?? -1);
    const totp = checkTotp(account.totpSecret, request.totpCode, now, lastStep);
    if (!totp.ok) {
      const failed = this.#lockout.fail(clinician, now);
      await this.#saveLockout(clinician, failed.state);
      if (failed.lockoutMs > 0) this.#raiseLockout(clinician, failed.lockoutMs);
      return refuse(new VigilError('UNAUTHENTICATED', totp.reason === 'reused' ? 'TOTP code already used' : 'wrong TOTP code'));
    }
    // Spend the step before any await, so a concurrent request with the same code is refused.
    this.#lastStep.set(clinician, totp.step);
    const cleared = this.#lockout.succeed(clinician);
    this.#deciding.add(hold.holdId);
    const status = request.decision === 'CONFIRM' ? 'confirmed' : 'declined';
    const receipt = await this.o.audit.append({
      type: 'override', atMs: now,
      data: { commandId: hold.commandId, clinicianId: clinician, decision: request.decision === 'CONFIRM' ? 'CONFIRM' : 'CANCEL', reason: request.note, holdId: hold.holdId },
    });
    await this.o.writer.write([
      { op: 'totp-step', clinician, step: totp.step },
      { op: 'totp-lockout', clinician, ...cleared },
      { op: 'hold-decision', holdId: hold.holdId, commandId: hold.commandId, status, clinician, decidedAtMs: now, note: request.note, auditIndex: receipt.index },
    ]);
    this.#deciding.delete(hold.holdId);
    if (status === 'confirmed') {
      const command = this.o.store.commandRecord(hold.commandId);
      if (command) this.o.patients.addDelivered(command);
    }
    this.o.logger.info({ holdId: hold.holdId, clinician, decision: request.decision }, 'hold decided');
    return { commandId: hold.commandId, verdict: status === 'confirmed' ? 'VERDICT_ALLOW' : 'VERDICT_REJECT', audit: { index: receipt.index, leafHashHex: Buffer.from(receipt.leafHash).toString('hex') } };
  }

  async #saveLockout(clinician: string, state: LockoutState): Promise<void> {
    await this.o.writer.write([{ op: 'totp-lockout', clinician, ...state }]);
  }

  #raiseLockout(clinician: string, lockoutMs: number): void {
    this.o.logger.warn({ clinician, lockoutMs }, 'clinician locked out of dose confirmation after wrong TOTP codes');
    this.o.alerts.raiseInBackground({
      kind: 'ALERT_KIND_AUTH_LOCKOUT', severity: 'ALERT_SEVERITY_WARNING',
      message: `Dose confirmations by clinician '${clinician}' are locked for ${Math.round(lockoutMs / 1000)} s after repeated wrong TOTP codes.`,
    });
  }
}
