import { CONTEXT_READING_FIELDS } from '../clinical-record.types';

/**
 * Fields a patient has few readings of among her many vital signs, and that are looked up by patient: the SpO2 scale
 * (carried forward into each set, CARRIED_FORWARD in src/assessment/domain) and the context readings (gestation,
 * birth weight, CO, smoking status). IX_reading_sparse_fields covers only these, so a lookup of one of them reads a
 * few pages however long her stay, and the vital signs written (and updated) with every set pay nothing for it.
 */
export const SPARSE_READING_FIELDS: readonly string[] = ['spo2Scale', ...CONTEXT_READING_FIELDS];

const PLAIN_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * Field names as SQL literals (`'a', 'b'`), for a statement that must name them so PostgreSQL can prove the partial
 * index applies: a parameter would hide them from the planner. Only plain names are accepted.
 */
export function fieldLiterals(fields: readonly string[]): string {
  const unsafe = fields.find((field) => !PLAIN_NAME.test(field));
  if (unsafe !== undefined) throw new Error(`not a field name: ${unsafe}`);
  return fields.map((field) => `'${field}'`).join(', ');
}
