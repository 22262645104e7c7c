import { BEACON_PATHWAY_EVENT } from '../codes/pathway-codes';
import { BEACON_CODE_SYSTEM_BASE } from '../codes/code-systems';

export const REFERRAL_IDENTIFIER_SYSTEM = `${BEACON_CODE_SYSTEM_BASE.replace('/CodeSystem', '/Id')}/referral`;

export interface ReferralToRecord {
  /** The prompt that was acted on: the referral's identifier, so writing it back twice updates one resource. */
  readonly promptId: string;
  /** The subject as the receiving server knows it. */
  readonly patientReference: string;
  readonly authoredOn: Date;
  readonly requester: string;
  readonly reason: string;
}

/**
 * An opt-out referral to stop-smoking support (NICE NG209) as a FHIR ServiceRequest, the record of the referral
 * Beacon keeps and, when write-back is on, writes upstream. Pure.
 */
export function stopSmokingReferral(input: ReferralToRecord): fhir4.ServiceRequest {
  const display = 'Opt-out referral to a stop smoking service';
  return {
    resourceType: 'ServiceRequest',
    identifier: [{ system: REFERRAL_IDENTIFIER_SYSTEM, value: input.promptId }],
    status: 'active',
    intent: 'order',
    code: {
      coding: [{ system: BEACON_PATHWAY_EVENT, code: 'stop-smoking-referral', display }],
      text: display,
    },
    subject: { reference: input.patientReference },
    authoredOn: input.authoredOn.toISOString(),
    requester: { display: input.requester },
    reasonCode: [{ text: input.reason }],
  };
}
