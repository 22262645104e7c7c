import type { PatientReference } from '../../clinical-record/clinical-record.types';
import { NHS_NUMBER_SYSTEM, isValidNhsNumber } from '../nhs-number';
import type { Issues } from './issues';
import { invalid, required } from './issues';

/** Splits "Patient/123", ".../fhir/Patient/123/_history/2" or "urn:uuid:…" into its parts. */
export function parseReference(reference: string): { type?: string; id?: string; fullUrl?: string } {
  if (reference.startsWith('urn:uuid:') || reference.startsWith('urn:oid:')) return { fullUrl: reference };
  const match = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/.exec(
    reference,
  );
  return match ? { type: match[1], id: match[2] } : {};
}

/** A reference to a Patient: by id, by NHS number (a logical reference) or to an entry of the same Bundle. */
export function patientReference(
  value: fhir4.Reference | undefined,
  expression: string,
  issues: Issues,
): PatientReference | undefined {
  if (!value) {
    issues.push(required(expression, `${expression} is required and must reference a Patient`));
    return undefined;
  }
  if (value.reference) {
    const parsed = parseReference(value.reference);
    if (parsed.fullUrl) return { kind: 'bundle', fullUrl: parsed.fullUrl };
    if (parsed.type === 'Patient' && parsed.id) return { kind: 'id', resourceId: parsed.id };
    issues.push(
      invalid(
        `${expression}.reference`,
        `${expression}.reference "${value.reference}" is not a reference to a Patient`,
      ),
    );
    return undefined;
  }
  const identifier = value.identifier;
  if (identifier?.system === NHS_NUMBER_SYSTEM && identifier.value) {
    if (!isValidNhsNumber(identifier.value)) {
      issues.push(
        invalid(
          `${expression}.identifier.value`,
          `${identifier.value} is not a valid NHS number (modulus-11 check digit)`,
        ),
      );
      return undefined;
    }
    return { kind: 'nhs-number', nhsNumber: identifier.value.replace(/\s/g, '') };
  }
  issues.push(
    required(
      `${expression}.reference`,
      `${expression} must have a reference ("Patient/<id>") or an NHS number identifier; a display name alone cannot identify a patient`,
    ),
  );
  return undefined;
}
