/**
 * ConfirmDose: a HOLD is released (or declined) only by a clinician — certificate role checked by the
 * transport — with a valid, unused TOTP code of that clinician, before the hold expires. Every
 * decision and every refusal goes to the audit log; the decision is stored as a label for training.
 */
import { VigilError } from '../../common/errors/index.js';
import type { Logger } from '../../common/log/index.js';
import type { ConfirmDoseResponse__Output } from '../../proto/gen/vigil/v1/ConfirmDoseResponse.js';
import type { AuditSink } from '../audit-sink.js';
import type { PatientStates } from '../dose/patient-states.js';
import type { EdgeStore } from '../store/edge-store.js';
import type { DurableWriter } from '../store/durable-writer.js';
import { checkTotp } from './totp.js';

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

  constructor(private readonly o: { store: EdgeStore; writer: DurableWriter; audit: AuditSink; patients: PatientStates; logger: Logger; now?: () => number }) {}

  /**
   * Applies a clinician's decision.
   * @returns the final verdict (ALLOW when confirmed, REJECT when declined) with its audit reference.
   * @throws NOT_FOUND (no such hold), FAILED_PRECONDITION (already decided or expired),
   * PERMISSION_DENIED (clinician not provisioned), UNAUTHENTICATED (wrong or reused code).
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
    const lastStep = Math.max(account.lastTotpStep, this.#lastStep.get(clinician) ?? -1);
    const totp = checkTotp(account.totpSecret, request.totpCode, now, lastStep);
    if (!totp.ok) return refuse(new VigilError('UNAUTHENTICATED', totp.reason === 'reused' ? 'TOTP code already used' : 'wrong TOTP code'));
    // Spend the step before any await, so a concurrent request with the same code is refused.
    this.#lastStep.set(clinician, totp.step);
    this.#deciding.add(hold.holdId);
    const status = request.decision === 'CONFIRM' ? 'confirmed' : 'declined';
    const receipt = await this.o.audit.append({
      type: 'override', atMs: now,
      data: { commandId: hold.commandId, clinicianId: clinician, decision: request.decision === 'CONFIRM' ? 'CONFIRM' : 'CANCEL', reason: request.note, holdId: hold.holdId },
    });
    await this.o.writer.write([
      { op: 'totp-step', clinician, step: totp.step },
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
}
