import { ACCEPTED_RESOURCE_TYPES } from '../validation/structure-validator';

/** Medplum reads the HMAC secret for X-Signature from this extension (others ignore it). */
export const MEDPLUM_SUBSCRIPTION_SECRET =
  'https://www.medplum.com/fhir/StructureDefinition/subscription-secret';

/**
 * What Beacon subscribes to upstream: every resource type it accepts, each without a narrower filter. Subscribing
 * to Observation?category=vital-signs alone would miss ACVPU (category survey), air/oxygen (exam, therapy) and score
 * observations that UK Core codes without the vital-signs category.
 */
export const SUBSCRIBED_TYPES = ACCEPTED_RESOURCE_TYPES;

/** The R4 rest-hook Subscription Beacon wants for one resource type. */
export function desiredSubscription(
  resourceType: string,
  endpoint: string,
  secret: string,
): fhir4.Subscription {
  return {
    resourceType: 'Subscription',
    status: 'requested',
    reason: `Beacon early warning: every ${resourceType} change`,
    criteria: resourceType,
    channel: {
      type: 'rest-hook',
      endpoint,
      payload: 'application/fhir+json',
      header: [`Authorization: Bearer ${secret}`],
    },
    extension: [{ url: MEDPLUM_SUBSCRIPTION_SECRET, valueString: secret }],
  };
}

/** Whether an existing Subscription already does what the desired one should (so no update is sent). */
export function sameSubscription(existing: fhir4.Subscription, desired: fhir4.Subscription): boolean {
  const secretOf = (subscription: fhir4.Subscription) =>
    subscription.extension?.find((extension) => extension.url === MEDPLUM_SUBSCRIPTION_SECRET)?.valueString;
  return (
    existing.criteria === desired.criteria &&
    existing.channel.type === desired.channel.type &&
    existing.channel.endpoint === desired.channel.endpoint &&
    existing.channel.payload === desired.channel.payload &&
    JSON.stringify(existing.channel.header ?? []) === JSON.stringify(desired.channel.header ?? []) &&
    secretOf(existing) === secretOf(desired) &&
    existing.status !== 'off' &&
    existing.status !== 'error'
  );
}
