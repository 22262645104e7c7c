import { BEACON_CONCERN_SOURCE, BEACON_NEWBORN_SIGN, BEACON_OBSERVATION } from '../codes/code-systems';
import { ANSWER_CODINGS, OBSERVATION_CODES } from '../codes/observation-codes';
import { BEACON_PATHWAY_EVENT, PATHWAY_CODES } from '../codes/pathway-codes';

const ALL_CODINGS = [...OBSERVATION_CODES.flatMap((definition) => definition.codes), ...ANSWER_CODINGS];

function codeSystem(id: string, url: string, title: string): fhir4.CodeSystem {
  const concept = [
    ...new Map(
      ALL_CODINGS.filter((coding) => coding.system === url).map((coding) => [coding.code, coding]),
    ).values(),
  ];
  return {
    resourceType: 'CodeSystem',
    id,
    url,
    status: 'draft',
    experimental: true,
    title,
    description:
      'Beacon codes for readings no national code covers yet (clinical-rules.md blocker B4). Replace with national codes when published.',
    content: 'complete',
    caseSensitive: true,
    concept: concept.map(({ code, display }) => ({ code, display })),
  };
}

/** Beacon's own CodeSystems, served at GET /fhir/CodeSystem/{id} so integrators can look the codes up. */
export const BEACON_CODE_SYSTEMS: Readonly<Record<string, fhir4.CodeSystem>> = Object.fromEntries(
  [
    codeSystem('beacon-observation', BEACON_OBSERVATION, 'Beacon observation codes'),
    codeSystem('beacon-newborn-sign', BEACON_NEWBORN_SIGN, 'Beacon newborn sign answers'),
    codeSystem('beacon-concern-source', BEACON_CONCERN_SOURCE, 'Who is worried'),
    {
      ...codeSystem(
        'beacon-pathway-event',
        BEACON_PATHWAY_EVENT,
        'Beacon preterm and smoke-free pathway events',
      ),
      description:
        'Beacon codes for the preterm optimisation and smoke-free pregnancy pathway events (medicines given, procedures, labour states, referrals): no national value set names them yet. Send them beside local codes on MedicationAdministration, Procedure, Condition and Encounter.type.',
      concept: PATHWAY_CODES.filter((entry) => entry.system === BEACON_PATHWAY_EVENT).map(
        ({ code, display }) => ({
          code,
          display,
        }),
      ),
    },
  ].map((system) => [system.id ?? '', system]),
);
