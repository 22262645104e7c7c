import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import request from 'supertest';
import type { Response } from 'supertest';
import type { TestBeacon } from '../support/test-app';
import { startTestBeacon } from '../support/test-app';
import { TestEpr } from '../support/test-epr';

/**
 * The bad-input corpus: every request here must be refused with the documented 4xx, an OperationOutcome naming
 * the element at fault (RFC 6749 JSON on the token endpoint), never a 5xx, and with nothing written to the
 * database. Each case is a small change to a request that Beacon accepts (see the controls at the end).
 */

const FHIR = 'application/fhir+json';
const UCUM = 'http://unitsofmeasure.org';
const SNOMED = 'http://snomed.info/sct';
const LOINC = 'http://loinc.org';
const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
const TOKEN_SECRET = 'test-token-secret-0123456789abcdef0123456789';
const NOTIFY_SECRET = 'notify-secret-0123456789';
const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * The patient every valid-looking Observation refers to. NHS number 9991234071: weighted sum of 999123407 is
 * 9·10 + 9·9 + 9·8 + 1·7 + 2·6 + 3·5 + 4·4 + 0·3 + 7·2 = 307; 307 mod 11 = 10; check digit 11 − 10 = 1.
 */
const PATIENT_ID = 'corpus-patient';
const PATIENT_NHS_NUMBER = '9991234071';
/** The same first nine digits with a wrong check digit (2 instead of 1). */
const BAD_CHECK_DIGIT_NHS_NUMBER = '9991234072';
/** For the Patient inside the transaction Bundle: 999123409 sums to 311; 311 mod 11 = 3; check digit 8. */
const BUNDLE_PATIENT_NHS_NUMBER = '9991234098';

const HOUR_MS = 3600 * 1000;
/** An hour ago: well inside what Beacon accepts. */
const RECENT = new Date(Date.now() - HOUR_MS).toISOString();
const TOMORROW = new Date(Date.now() + 24 * HOUR_MS).toISOString();

const TABLES = ['fhir_resource', 'reading', 'clinical_event', 'patient', 'outbox', 'audit_event'] as const;
type Counts = Record<(typeof TABLES)[number], number>;

type Json = Record<string, unknown>;

const coding = (system: string, code: string, display: string) => ({ system, code, display });
const HEART_RATE = {
  coding: [coding(SNOMED, '364075005', 'Heart rate'), coding(LOINC, '8867-4', 'Heart rate')],
};
const RESPIRATORY_RATE = {
  coding: [coding(SNOMED, '86290005', 'Respiratory rate'), coding(LOINC, '9279-1', 'Respiratory rate')],
};
const SPO2 = {
  coding: [
    coding(SNOMED, '431314004', 'Peripheral oxygen saturation'),
    coding(LOINC, '59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry'),
  ],
};
const TEMPERATURE = {
  coding: [coding(SNOMED, '276885007', 'Core body temperature'), coding(LOINC, '8310-5', 'Body temperature')],
};
const BLOOD_PRESSURE = {
  coding: [
    coding(SNOMED, '75367002', 'Blood pressure'),
    coding(LOINC, '85354-9', 'Blood pressure panel with all children optional'),
  ],
};

const quantity = (value: unknown, code: string, unit = code): Json => ({ value, unit, system: UCUM, code });
const perMinute = (value: unknown) => quantity(value, '/min', 'per minute');

/** A heart rate Beacon accepts; each case changes one thing. `omit` removes elements. */
function observation(changes: Json = {}, omit: readonly string[] = []): Json {
  const base: Json = {
    resourceType: 'Observation',
    status: 'final',
    category: [
      {
        coding: [
          coding('http://terminology.hl7.org/CodeSystem/observation-category', 'vital-signs', 'Vital Signs'),
        ],
      },
    ],
    code: HEART_RATE,
    subject: { reference: `Patient/${PATIENT_ID}` },
    effectiveDateTime: RECENT,
    valueQuantity: perMinute(80),
    ...changes,
  };
  for (const key of omit) delete base[key];
  return base;
}

function bloodPressure(systolic: number, diastolic: number): Json {
  return observation(
    {
      code: BLOOD_PRESSURE,
      component: [
        {
          code: { coding: [coding(SNOMED, '72313002', 'Systolic arterial pressure')] },
          valueQuantity: quantity(systolic, 'mm[Hg]'),
        },
        {
          code: { coding: [coding(SNOMED, '1091811000000102', 'Diastolic arterial pressure')] },
          valueQuantity: quantity(diastolic, 'mm[Hg]'),
        },
      ],
    },
    ['valueQuantity'],
  );
}

function patient(id: string | undefined, nhsNumber: string): Json {
  return {
    resourceType: 'Patient',
    ...(id ? { id } : {}),
    identifier: [{ system: NHS_NUMBER_SYSTEM, value: nhsNumber }],
    name: [{ use: 'official', family: 'BEACONTEST', given: ['Corpus'] }],
    gender: 'female',
    birthDate: '1991-05-06',
  };
}

/** A transaction: a new Patient, a valid Observation about her, and `third` (which is what may be wrong). */
function transaction(third?: Json): Json {
  const patientUrl = 'urn:uuid:8a7c1f0e-3b1d-4a8e-9c3e-2f4d5b6a7c80';
  const entry = (fullUrl: string, resource: Json) => ({
    fullUrl,
    resource,
    request: { method: 'POST', url: resource.resourceType },
  });
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      entry(patientUrl, patient(undefined, BUNDLE_PATIENT_NHS_NUMBER)),
      entry(
        'urn:uuid:8a7c1f0e-3b1d-4a8e-9c3e-2f4d5b6a7c81',
        observation({ subject: { reference: patientUrl }, valueQuantity: perMinute(82) }),
      ),
      ...(third ? [entry('urn:uuid:8a7c1f0e-3b1d-4a8e-9c3e-2f4d5b6a7c82', third)] : []),
    ],
  };
}

/** The transaction below with a vital-signs panel (85353-1) whose member is its Observation, as third entry. */
function withPanel(fullUrl: string, hasMember: (memberUrl: string) => unknown): Json {
  const bundle = transaction() as { entry: { fullUrl: string }[] };
  const [patientEntry, member] = bundle.entry as [{ fullUrl: string }, { fullUrl: string }];
  const panel = observation(
    {
      code: { coding: [coding(LOINC, '85353-1', 'Vital signs panel')] },
      subject: { reference: patientEntry.fullUrl },
      hasMember: hasMember(member.fullUrl),
    },
    ['valueQuantity'],
  );
  return {
    ...bundle,
    entry: [...bundle.entry, { fullUrl, resource: panel, request: { method: 'POST', url: 'Observation' } }],
  };
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** An access token shaped exactly like Beacon's own (HS256, issuer beacon, audience beacon-api). */
function accessToken(
  epr: TestEpr,
  options: { secret?: string; expiresAt?: number; issuedAt?: number } = {},
): Promise<string> {
  return new SignJWT({ kind: 'client', scope: 'system/*.write system/*.read', src: epr.sourceSystem })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('beacon')
    .setAudience('beacon-api')
    .setSubject(epr.clientId)
    .setIssuedAt(options.issuedAt ?? nowSeconds())
    .setExpirationTime(options.expiresAt ?? nowSeconds() + 300)
    .sign(new TextEncoder().encode(options.secret ?? TOKEN_SECRET));
}

/** The same claims, unsigned (`alg: none`). */
function unsignedToken(epr: TestEpr): string {
  const claims = {
    kind: 'client',
    scope: 'system/*.write system/*.read',
    src: epr.sourceSystem,
    iss: 'beacon',
    aud: 'beacon-api',
    sub: epr.clientId,
    iat: nowSeconds(),
    exp: nowSeconds() + 300,
  };
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
}

const hmac = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');

interface World {
  readonly main: TestBeacon;
  readonly notify: TestBeacon;
  readonly epr: TestEpr;
  readonly readOnly: TestEpr;
  readonly tokens: { readonly epr: string; readonly readOnly: string };
}

type Target = 'main' | 'notify';
/** 'epr' and 'read-only' are real tokens from /auth/token; a function makes a token of its own. */
type Auth = 'epr' | 'read-only' | 'none' | ((world: World) => string | Promise<string>);

interface BadInputCase {
  /** Completes "answers <status> to …". */
  readonly name: string;
  readonly target?: Target;
  readonly path: string;
  readonly auth?: Auth;
  /** Default application/fhir+json; 'form' for the token endpoint. */
  readonly contentType?: string;
  /** A string is sent as is; anything else as JSON (or as a form for contentType 'form'). */
  readonly body?: unknown;
  readonly headers?: (world: World) => Record<string, string>;
  /** Runs before the database snapshot (e.g. the first, successful, delivery of a resource). */
  readonly setup?: (world: World) => Promise<void>;
  readonly status: number;
  /** An issue's expression must equal this (or match it). */
  readonly expression?: string | RegExp;
  readonly diagnostics?: RegExp;
  /** Token endpoint: the RFC 6749 error code expected instead of an OperationOutcome. */
  readonly oauthError?: string;
  readonly responseHeaders?: Record<string, RegExp>;
  /** The string body is sent as Latin-1 bytes (one byte per character), to send bytes that are not UTF-8. */
  readonly latin1?: boolean;
}

const WWW_AUTHENTICATE = { 'www-authenticate': /^Bearer\b/ };

/** Set by the setup of the replayed-assertion case. */
let replayedAssertion = '';
/** The first (accepted) version of the resource the conflict case changes. */
const CONFLICT_ORIGINAL = observation({ id: 'corpus-conflict', meta: { versionId: '1' } });

const CASES: readonly BadInputCase[] = [
  // --- Body parsing and media type --------------------------------------------------------------------------
  {
    name: 'truncated JSON',
    path: '/fhir/Observation',
    body: '{"resourceType":"Observation","status":"fin',
    status: 400,
    diagnostics: /JSON/,
  },
  {
    name: 'JSON with a trailing comma',
    path: '/fhir/Observation',
    body: JSON.stringify(observation()).replace(/\}$/, ',}'),
    status: 400,
    diagnostics: /JSON/,
  },
  {
    name: 'a JSON array instead of an object',
    path: '/fhir/Observation',
    body: JSON.stringify([observation()]),
    status: 400,
    expression: 'resourceType',
  },
  {
    name: 'a JSON array posted as a Bundle',
    path: '/fhir',
    body: JSON.stringify([observation()]),
    status: 400,
  },
  {
    name: 'an empty body',
    path: '/fhir/Observation',
    body: '',
    status: 400,
  },
  {
    name: 'an Observation sent as text/plain',
    path: '/fhir/Observation',
    contentType: 'text/plain',
    body: JSON.stringify(observation()),
    status: 415,
    expression: 'Content-Type',
  },
  {
    name: 'an Observation sent as application/xml',
    path: '/fhir/Observation',
    contentType: 'application/xml',
    body: '<Observation xmlns="http://hl7.org/fhir"><status value="final"/></Observation>',
    status: 415,
    expression: 'Content-Type',
  },
  {
    name: 'a Bundle sent as text/plain to /fhir',
    path: '/fhir',
    contentType: 'text/plain',
    body: JSON.stringify(transaction()),
    status: 415,
    expression: 'Content-Type',
  },
  {
    name: 'FHIR JSON in a charset other than UTF-8',
    path: '/fhir/Observation',
    contentType: `${FHIR}; charset=latin1`,
    body: JSON.stringify(observation()),
    status: 415,
  },

  // --- The URL and the resource type ---------------------------------------------------------------------------
  {
    name: 'a Patient posted to /fhir/Observation',
    path: '/fhir/Observation',
    body: patient('corpus-wrong-endpoint', PATIENT_NHS_NUMBER),
    status: 400,
    expression: 'resourceType',
  },
  {
    name: 'an Observation without resourceType',
    path: '/fhir/Observation',
    body: observation({}, ['resourceType']),
    status: 400,
    expression: 'resourceType',
  },
  {
    name: 'an unknown resource type in the URL (/fhir/Banana)',
    path: '/fhir/Banana',
    body: { ...observation(), resourceType: 'Banana' },
    status: 404,
    expression: 'resourceType',
  },

  // --- Structure (FHIR R4 base definitions) ---------------------------------------------------------------------
  {
    name: 'an Observation without status',
    path: '/fhir/Observation',
    body: observation({}, ['status']),
    status: 400,
    expression: 'Observation.status',
  },
  {
    name: 'an Observation without code',
    path: '/fhir/Observation',
    body: observation({}, ['code']),
    status: 400,
    expression: 'Observation.code',
  },
  {
    name: 'a quantity whose value is a string',
    path: '/fhir/Observation',
    body: observation({ valueQuantity: perMinute('80') }),
    status: 400,
    expression: /^Observation\.value(\[x\]|Quantity)\.value$/,
  },
  {
    name: 'an element FHIR does not define',
    path: '/fhir/Observation',
    body: observation({ pulseStrength: 'strong' }),
    status: 400,
    expression: 'Observation.pulseStrength',
  },
  {
    name: 'a "__proto__" key in the resource',
    path: '/fhir/Observation',
    body: JSON.stringify(observation()).replace(/^\{/, '{"__proto__":{"polluted":true},'),
    status: 400,
    diagnostics: /__proto__/,
  },
  {
    name: 'a "constructor" key in the resource',
    path: '/fhir/Observation',
    body: observation({ constructor: { prototype: { polluted: true } } }),
    status: 400,
    diagnostics: /constructor/,
  },
  {
    name: 'an Observation with two values (valueQuantity and valueString)',
    path: '/fhir/Observation',
    body: observation({ valueString: '80' }),
    status: 400,
  },
  {
    name: 'an Observation with both a value and a dataAbsentReason (invariant obs-6)',
    path: '/fhir/Observation',
    body: observation({
      dataAbsentReason: {
        coding: [coding('http://terminology.hl7.org/CodeSystem/data-absent-reason', 'unknown', 'Unknown')],
      },
    }),
    status: 400,
    diagnostics: /obs-6|dataAbsentReason/,
  },
  {
    name: 'a malformed effectiveDateTime',
    path: '/fhir/Observation',
    body: observation({ effectiveDateTime: 'yesterday at ten' }),
    status: 400,
    expression: /^Observation\.effective(DateTime|\[x\])$/,
  },

  // --- Who the Observation is about ------------------------------------------------------------------------------
  {
    name: 'an Observation without subject',
    path: '/fhir/Observation',
    body: observation({}, ['subject']),
    status: 422,
    expression: 'Observation.subject',
  },
  {
    name: 'a subject that is only a display name',
    path: '/fhir/Observation',
    body: observation({ subject: { display: 'Corpus BEACONTEST' } }),
    status: 422,
    expression: 'Observation.subject.reference',
  },
  {
    name: 'a reference to a patient Beacon does not know (Patient/nobody)',
    path: '/fhir/Observation',
    body: observation({ subject: { reference: 'Patient/nobody' } }),
    status: 422,
    expression: 'Observation.subject',
    diagnostics: /Patient\/nobody/,
  },
  {
    name: 'a subject NHS number with a wrong check digit',
    path: '/fhir/Observation',
    body: observation({
      subject: { identifier: { system: NHS_NUMBER_SYSTEM, value: BAD_CHECK_DIGIT_NHS_NUMBER } },
    }),
    status: 422,
    expression: 'Observation.subject.identifier.value',
    diagnostics: /not a valid NHS number/,
  },
  {
    name: 'a Patient whose NHS number has a wrong check digit',
    path: '/fhir/Patient',
    body: patient('corpus-bad-nhs', BAD_CHECK_DIGIT_NHS_NUMBER),
    status: 422,
    expression: 'Patient.identifier[0].value',
  },

  // --- Values and units ---------------------------------------------------------------------------------------------
  {
    name: 'a heart rate given as valueString',
    path: '/fhir/Observation',
    body: observation({ valueString: '80 bpm' }, ['valueQuantity']),
    status: 422,
    expression: /^Observation\.value(\[x\])?$/,
    diagnostics: /valueQuantity/,
  },
  {
    name: 'a valueQuantity without a unit code',
    path: '/fhir/Observation',
    body: observation({ valueQuantity: { value: 80, unit: 'per minute', system: UCUM } }),
    status: 422,
    expression: 'Observation.valueQuantity.code',
  },
  {
    name: 'a heart rate in degrees Celsius (a unit outside its whitelist)',
    path: '/fhir/Observation',
    body: observation({ valueQuantity: quantity(80, 'Cel') }),
    status: 422,
    expression: 'Observation.valueQuantity.code',
  },
  {
    name: 'a valueQuantity without a unit system',
    path: '/fhir/Observation',
    body: observation({ valueQuantity: { value: 80, unit: 'per minute', code: '/min' } }),
    status: 422,
    expression: 'Observation.valueQuantity.system',
  },
  {
    name: 'a temperature of 98.6 labelled Cel (Fahrenheit mislabelled as Celsius)',
    path: '/fhir/Observation',
    body: observation({ code: TEMPERATURE, valueQuantity: quantity(98.6, 'Cel') }),
    status: 422,
    expression: 'Observation.valueQuantity.value',
    diagnostics: /impossible/,
  },
  {
    name: 'a temperature of 37 labelled [degF] (2.8 °C after conversion)',
    path: '/fhir/Observation',
    body: observation({ code: TEMPERATURE, valueQuantity: quantity(37, '[degF]') }),
    status: 422,
    expression: 'Observation.valueQuantity.value',
    diagnostics: /impossible/,
  },
  {
    name: 'a heart rate of 400',
    path: '/fhir/Observation',
    body: observation({ valueQuantity: perMinute(400) }),
    status: 422,
    expression: 'Observation.valueQuantity.value',
  },
  {
    name: 'a negative respiratory rate',
    path: '/fhir/Observation',
    body: observation({ code: RESPIRATORY_RATE, valueQuantity: perMinute(-4) }),
    status: 422,
    expression: 'Observation.valueQuantity.value',
  },
  {
    name: 'an SpO2 of 101 %',
    path: '/fhir/Observation',
    body: observation({ code: SPO2, valueQuantity: quantity(101, '%') }),
    status: 422,
    expression: 'Observation.valueQuantity.value',
  },
  {
    name: 'a respiratory rate of 1e9',
    path: '/fhir/Observation',
    body: JSON.stringify(observation({ code: RESPIRATORY_RATE, valueQuantity: perMinute(80) })).replace(
      '"value":80',
      '"value":1e9',
    ),
    status: 422,
    expression: 'Observation.valueQuantity.value',
  },
  {
    name: 'a blood pressure panel whose diastolic is not below its systolic',
    path: '/fhir/Observation',
    body: bloodPressure(90, 120),
    status: 422,
    expression: 'Observation.component',
    diagnostics: /diastolic/,
  },
  {
    name: 'codings that disagree (heart rate LOINC with respiratory rate SNOMED)',
    path: '/fhir/Observation',
    body: observation({
      code: {
        coding: [coding(LOINC, '8867-4', 'Heart rate'), coding(SNOMED, '86290005', 'Respiratory rate')],
      },
    }),
    status: 422,
    expression: 'Observation.code.coding',
  },
  {
    // Medplum does not enforce the required binding of Observation.status; Beacon's rules refuse the code.
    name: 'an Observation status that R4 does not define ("done")',
    path: '/fhir/Observation',
    body: observation({ status: 'done' }),
    status: 400,
    expression: 'Observation.status',
  },

  // --- When -------------------------------------------------------------------------------------------------------
  {
    name: 'an effectiveDateTime one day in the future',
    path: '/fhir/Observation',
    body: observation({ effectiveDateTime: TOMORROW }),
    status: 422,
    expression: /^Observation\.effective(DateTime|\[x\])$/,
    diagnostics: /future/,
  },
  {
    name: 'an effectiveDateTime with a time but no time zone',
    path: '/fhir/Observation',
    body: observation({ effectiveDateTime: RECENT.slice(0, 19) }),
    status: 422,
    expression: /^Observation\.effective(DateTime|\[x\])$/,
    diagnostics: /time zone/,
  },
  {
    name: 'an effectiveDateTime with only a year and month',
    path: '/fhir/Observation',
    body: observation({ effectiveDateTime: '2026-03' }),
    status: 422,
    expression: /^Observation\.effective(DateTime|\[x\])$/,
  },
  {
    name: 'an effectiveDateTime of 30 February',
    path: '/fhir/Observation',
    body: observation({ effectiveDateTime: '2025-02-30T10:00:00Z' }),
    status: 422,
    expression: /^Observation\.effective(DateTime|\[x\])$/,
  },

  // --- Versions ----------------------------------------------------------------------------------------------------
  {
    name: 'the same id and meta.versionId re-sent with a different value',
    path: '/fhir/Observation',
    setup: async (world) => {
      const first = await send(world.main, '/fhir/Observation', world.tokens.epr, CONFLICT_ORIGINAL);
      expect(first.status).toBe(201);
    },
    body: { ...CONFLICT_ORIGINAL, valueQuantity: perMinute(81) },
    status: 409,
    expression: 'Observation.meta.versionId',
  },

  // --- Bundles -------------------------------------------------------------------------------------------------------
  {
    name: 'a Bundle of type collection',
    path: '/fhir',
    body: { ...transaction(), type: 'collection' },
    status: 400,
    expression: 'Bundle.type',
  },
  {
    name: 'a Bundle whose entries repeat a fullUrl',
    path: '/fhir',
    body: (() => {
      const bundle = transaction() as { entry: Json[] };
      const [first, second] = bundle.entry;
      return { ...bundle, entry: [first, { ...second, fullUrl: first!.fullUrl }] };
    })(),
    status: 400,
    expression: 'Bundle.entry[1]',
  },
  {
    name: 'a Bundle entry with request.method DELETE',
    path: '/fhir',
    body: {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        {
          resource: observation({ id: 'corpus-delete' }),
          request: { method: 'DELETE', url: 'Observation/corpus-delete' },
        },
      ],
    },
    status: 400,
    expression: 'Bundle.entry[0].request.method',
  },
  {
    name: 'a Bundle entry PUT to a URL naming another id',
    path: '/fhir',
    body: {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: observation({ id: 'corpus-put-a' }),
          request: { method: 'PUT', url: 'Observation/corpus-put-b' },
        },
      ],
    },
    status: 400,
    expression: 'Bundle.entry[0].resource.id',
  },
  {
    // Found by the fuzz test (seed 15): the url was read as a string before anything checked its type.
    name: 'a Bundle entry whose request.url is a number',
    path: '/fhir',
    body: {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: observation(), request: { method: 'POST', url: 1e300 } }],
    },
    status: 400,
    expression: 'Bundle.entry[0].request.url',
  },
  {
    // Found replaying the 50,000-case fuzz run's accepted cases: Beacon files a panel's members under its fullUrl,
    // and PostgreSQL refuses U+0000 in text (a 500).
    name: 'a transaction whose vital-signs panel has a fullUrl holding U+0000',
    path: '/fhir',
    body: withPanel('urn:uuid:\u0000', (member) => [{ reference: member }]),
    status: 400,
    expression: 'Bundle.entry[2].fullUrl',
  },
  {
    // Found by the fuzz run's panel fixture: the members were read before validation ("not iterable": a 500).
    name: 'a transaction whose vital-signs panel has a number for hasMember',
    path: '/fhir',
    body: withPanel('urn:uuid:8a7c1f0e-3b1d-4a8e-9c3e-2f4d5b6a7c83', () => 7),
    status: 400,
    expression: 'Bundle.entry[2].resource.hasMember',
  },
  {
    name: 'a transaction (valid Patient and Observation) whose third entry has a heart rate of 400',
    path: '/fhir',
    body: transaction(observation({ valueQuantity: perMinute(400) })),
    status: 422,
    expression: 'Bundle.entry[2].resource.valueQuantity.value',
  },
  {
    name: 'a transaction whose third entry refers to an unknown patient (found while storing)',
    path: '/fhir',
    body: transaction(observation({ subject: { reference: 'Patient/nobody' } })),
    status: 422,
    expression: 'Bundle.entry[2].resource.subject',
  },

  // --- Size limits -------------------------------------------------------------------------------------------------
  {
    name: 'a body over BEACON_FHIR_BODY_LIMIT_BYTES (a 25 kB note)',
    path: '/fhir/Observation',
    body: observation({ note: [{ text: 'x'.repeat(25_000) }] }),
    status: 413,
    diagnostics: /too large|larger than/,
  },
  {
    name: 'a Bundle with 51 entries (BEACON_FHIR_MAX_BUNDLE_ENTRIES is 50)',
    path: '/fhir',
    body: {
      resourceType: 'Bundle',
      type: 'batch',
      entry: Array.from({ length: 51 }, (_, index) => ({
        resource: { resourceType: 'Patient', id: `corpus-many-${index}` },
        request: { method: 'POST', url: 'Patient' },
      })),
    },
    status: 413,
    expression: 'Bundle.entry',
    diagnostics: /at most 50/,
  },

  // --- Access tokens --------------------------------------------------------------------------------------------------
  {
    name: 'no Authorization header',
    path: '/fhir/Observation',
    auth: 'none',
    body: observation(),
    status: 401,
    expression: 'Authorization',
    responseHeaders: WWW_AUTHENTICATE,
  },
  {
    name: 'a garbage bearer token',
    path: '/fhir/Observation',
    auth: () => 'not-a-jwt',
    body: observation(),
    status: 401,
    responseHeaders: WWW_AUTHENTICATE,
  },
  {
    name: 'an expired access token',
    path: '/fhir/Observation',
    auth: (world) => accessToken(world.epr, { issuedAt: nowSeconds() - 900, expiresAt: nowSeconds() - 600 }),
    body: observation(),
    status: 401,
    diagnostics: /expired/,
    responseHeaders: WWW_AUTHENTICATE,
  },
  {
    name: 'an access token signed with another secret',
    path: '/fhir/Observation',
    auth: (world) => accessToken(world.epr, { secret: 'another-secret-0123456789abcdef0123456789' }),
    body: observation(),
    status: 401,
    diagnostics: /signature/,
    responseHeaders: WWW_AUTHENTICATE,
  },
  {
    name: 'an unsigned access token (alg none)',
    path: '/fhir/Observation',
    auth: (world) => unsignedToken(world.epr),
    body: observation(),
    status: 401,
    responseHeaders: WWW_AUTHENTICATE,
  },
  {
    name: 'a read-only token posting an Observation',
    path: '/fhir/Observation',
    auth: 'read-only',
    body: observation(),
    status: 403,
  },
  {
    name: 'a read-only token posting a transaction',
    path: '/fhir',
    auth: 'read-only',
    body: transaction(),
    status: 403,
  },

  // --- Subscription notifications ----------------------------------------------------------------------------------------
  {
    name: 'a notification to a Beacon with no upstream server',
    path: '/fhir/notify',
    auth: 'none',
    headers: () => ({ Authorization: `Bearer ${NOTIFY_SECRET}` }),
    body: patient('corpus-notified', PATIENT_NHS_NUMBER),
    status: 404,
  },
  {
    name: 'a notification with a wrong Bearer secret',
    target: 'notify',
    path: '/fhir/notify',
    auth: 'none',
    headers: () => ({ Authorization: 'Bearer notify-secret-9876543210' }),
    body: patient('corpus-notified', PATIENT_NHS_NUMBER),
    status: 401,
    expression: 'Authorization',
    responseHeaders: WWW_AUTHENTICATE,
  },
  {
    name: 'a notification with no credentials',
    target: 'notify',
    path: '/fhir/notify',
    auth: 'none',
    body: patient('corpus-notified', PATIENT_NHS_NUMBER),
    status: 401,
    responseHeaders: WWW_AUTHENTICATE,
  },
  {
    name: 'a notification with an X-Signature made with a wrong secret',
    target: 'notify',
    path: '/fhir/notify',
    auth: 'none',
    headers: () => ({
      'X-Signature': hmac(
        'wrong-secret-0123456789',
        JSON.stringify(patient('corpus-notified', PATIENT_NHS_NUMBER)),
      ),
    }),
    body: patient('corpus-notified', PATIENT_NHS_NUMBER),
    status: 401,
    responseHeaders: WWW_AUTHENTICATE,
  },
  {
    name: 'a notification whose X-Signature is the right secret’s HMAC of a different body',
    target: 'notify',
    path: '/fhir/notify',
    auth: 'none',
    headers: () => ({ 'X-Signature': hmac(NOTIFY_SECRET, '{}') }),
    body: patient('corpus-notified', PATIENT_NHS_NUMBER),
    status: 401,
    responseHeaders: WWW_AUTHENTICATE,
  },

  // --- The token endpoint (RFC 6749 errors, not OperationOutcomes) ------------------------------------------------------
  {
    name: 'a client assertion addressed to another audience',
    path: '/auth/token',
    auth: 'none',
    contentType: 'form',
    body: async (world: World) => ({
      grant_type: 'client_credentials',
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: await world.epr.assertion('https://elsewhere.example/auth/token'),
      scope: 'system/*.write',
    }),
    status: 401,
    oauthError: 'invalid_client',
  },
  {
    name: 'a client assertion used a second time (same jti)',
    path: '/auth/token',
    auth: 'none',
    contentType: 'form',
    setup: async (world) => {
      replayedAssertion = await world.epr.assertion(`${world.main.url}/auth/token`);
      const first = await request(world.main.url).post('/auth/token').type('form').send({
        grant_type: 'client_credentials',
        client_assertion_type: CLIENT_ASSERTION_TYPE,
        client_assertion: replayedAssertion,
        scope: 'system/*.write',
      });
      expect(first.status).toBe(200);
    },
    body: () => ({
      grant_type: 'client_credentials',
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: replayedAssertion,
      scope: 'system/*.write',
    }),
    status: 400,
    oauthError: 'invalid_grant',
  },
  {
    name: 'a client assertion from an unregistered client',
    path: '/auth/token',
    auth: 'none',
    contentType: 'form',
    body: async (world: World) => {
      const stranger = await TestEpr.create({ clientId: 'corpus-stranger' });
      return {
        grant_type: 'client_credentials',
        client_assertion_type: CLIENT_ASSERTION_TYPE,
        client_assertion: await stranger.assertion(`${world.main.url}/auth/token`),
        scope: 'system/*.write',
      };
    },
    status: 401,
    oauthError: 'invalid_client',
  },
  {
    name: 'an unsupported grant_type',
    path: '/auth/token',
    auth: 'none',
    contentType: 'form',
    body: async (world: World) => ({
      grant_type: 'password',
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: await world.epr.assertion(`${world.main.url}/auth/token`),
      scope: 'system/*.write',
    }),
    status: 400,
    oauthError: 'unsupported_grant_type',
  },
  {
    name: 'a properly signed client assertion with a 600-character jti',
    path: '/auth/token',
    auth: 'none',
    contentType: 'form',
    body: async (world: World) => ({
      grant_type: 'client_credentials',
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: await world.epr.assertion(`${world.main.url}/auth/token`, { jti: 'j'.repeat(600) }),
      scope: 'system/*.write',
    }),
    status: 401,
    oauthError: 'invalid_client',
  },

  // --- FHIR R4 datatype rules and the JSON text itself (issue 15, findings 1 and 3) -----------------------------
  {
    name: 'an Observation id of 65 characters',
    path: '/fhir/Observation',
    body: observation({ id: 'o'.repeat(65) }),
    status: 400,
    expression: 'Observation.id',
  },
  {
    name: 'a Patient id of 65 characters',
    path: '/fhir/Patient',
    body: patient('p'.repeat(65), PATIENT_NHS_NUMBER),
    status: 400,
    expression: 'Patient.id',
  },
  {
    name: 'a Patient id with characters an id may not hold',
    path: '/fhir/Patient',
    body: patient('corpus patient/1', PATIENT_NHS_NUMBER),
    status: 400,
    expression: 'Patient.id',
  },
  {
    name: 'an Encounter whose bed location.display has 200 characters',
    path: '/fhir/Encounter',
    body: {
      resourceType: 'Encounter',
      status: 'in-progress',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
      subject: { reference: `Patient/${PATIENT_ID}` },
      location: [
        {
          location: { display: 'B'.repeat(200) },
          physicalType: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: 'bd' }],
          },
        },
      ],
    },
    status: 422,
    expression: 'Encounter.location[0].location.display',
  },
  {
    name: 'an Encounter status of 40 characters',
    path: '/fhir/Encounter',
    body: {
      resourceType: 'Encounter',
      status: 's'.repeat(40),
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
      subject: { reference: `Patient/${PATIENT_ID}` },
    },
    status: 400,
    expression: 'Encounter.status',
  },
  {
    name: 'a Procedure status of 40 characters',
    path: '/fhir/Procedure',
    body: {
      resourceType: 'Procedure',
      status: 's'.repeat(40),
      code: { coding: [coding(SNOMED, '11466000', 'Caesarean section')] },
      subject: { reference: `Patient/${PATIENT_ID}` },
    },
    status: 400,
    expression: 'Procedure.status',
  },
  {
    name: 'a Patient gender outside administrative-gender',
    path: '/fhir/Patient',
    body: { ...patient('corpus-gender', PATIENT_NHS_NUMBER), gender: 'f'.repeat(40) },
    status: 400,
    expression: 'Patient.gender',
  },
  {
    name: 'a lone surrogate in a Patient name',
    path: '/fhir/Patient',
    body: JSON.stringify(patient('corpus-surrogate', PATIENT_NHS_NUMBER)).replace(
      '"BEACONTEST"',
      '"BEACON\\ud800TEST"',
    ),
    status: 400,
    expression: 'Patient.name[0].family',
    diagnostics: /lone surrogate/,
  },
  {
    name: 'a lone (low) surrogate in an Observation note',
    path: '/fhir/Observation',
    body: JSON.stringify(observation({ note: [{ text: 'NOTE' }] })).replace('"NOTE"', '"\\udc00"'),
    status: 400,
    expression: 'Observation.note[0].text',
  },
  {
    name: 'a NUL character in a string (\\u0000)',
    path: '/fhir/Observation',
    body: JSON.stringify(observation({ note: [{ text: 'NOTE' }] })).replace('"NOTE"', '"a\\u0000b"'),
    status: 400,
    expression: 'Observation.note[0].text',
  },
  {
    name: 'an array that is present but empty (category: [])',
    path: '/fhir/Observation',
    body: observation({ category: [] }),
    status: 400,
    expression: 'Observation.category',
  },
  {
    name: 'an empty string (note text "")',
    path: '/fhir/Observation',
    body: observation({ note: [{ text: '' }] }),
    status: 400,
    expression: 'Observation.note[0].text',
  },
  {
    name: 'a repeated valueQuantity (the second would silently win)',
    path: '/fhir/Observation',
    body: JSON.stringify(observation()).replace(/\}$/, `,"valueQuantity":${JSON.stringify(perMinute(250))}}`),
    status: 400,
    expression: 'Observation.valueQuantity',
    diagnostics: /twice/,
  },
  {
    name: 'a repeated subject (the second would file the reading under another patient)',
    path: '/fhir/Observation',
    body: JSON.stringify(observation()).replace(/\}$/, ',"subject":{"reference":"Patient/someone-else"}}'),
    status: 400,
    expression: 'Observation.subject',
  },
  {
    name: 'a repeated key written with an escape ("st\\u0061tus")',
    path: '/fhir/Observation',
    body: JSON.stringify(observation()).replace(/\}$/, ',"st\\u0061tus":"final"}'),
    status: 400,
    expression: 'Observation.status',
  },
  {
    name: 'a repeated key inside a transaction entry',
    path: '/fhir',
    body: JSON.stringify(transaction()).replace(
      '"valueQuantity":{"value":82,',
      '"valueQuantity":{"value":82,"value":250,',
    ),
    status: 400,
    expression: 'Bundle.entry[1].resource.valueQuantity.value',
  },
  {
    name: 'invalid UTF-8 in a string (a lone 0xFF byte)',
    path: '/fhir/Patient',
    body: JSON.stringify(patient('corpus-utf8', PATIENT_NHS_NUMBER)).replace('BEACONTEST', 'BEACON\xffTEST'),
    latin1: true,
    status: 400,
    diagnostics: /UTF-8/,
  },
  {
    name: 'an Observation nested 5,000 levels deep',
    path: '/fhir/Observation',
    body: JSON.stringify(observation()).replace(
      /\}$/,
      `,"extension":${'['.repeat(5000)}${']'.repeat(5000)}}`,
    ),
    status: 400,
    diagnostics: /deeper than 100 levels/,
  },
];

async function counts(beacon: TestBeacon): Promise<Counts> {
  const result = {} as Counts;
  for (const table of TABLES) {
    const [row] = await beacon.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    result[table] = row?.n ?? -1;
  }
  return result;
}

/** POSTs FHIR JSON (a string is sent byte for byte). */
function send(
  beacon: TestBeacon,
  path: string,
  token: string | undefined,
  body: unknown,
  contentType = FHIR,
  headers: Record<string, string> = {},
): Promise<Response> {
  let call = request(beacon.url).post(path);
  if (token !== undefined) call = call.set('Authorization', `Bearer ${token}`);
  for (const [name, value] of Object.entries(headers)) call = call.set(name, value);
  if (contentType === 'form') return call.type('form').send(body as Record<string, string>);
  call = call.set('Content-Type', contentType);
  // superagent would serialise a Buffer as JSON: send its bytes as they are.
  if (Buffer.isBuffer(body)) return call.serialize((bytes: unknown) => bytes as string).send(body);
  return call.send(typeof body === 'string' ? body : JSON.stringify(body));
}

async function tokenFor(auth: Auth, world: World): Promise<string | undefined> {
  if (auth === 'none') return undefined;
  if (auth === 'epr') return world.tokens.epr;
  if (auth === 'read-only') return world.tokens.readOnly;
  return auth(world);
}

interface Outcome {
  resourceType?: string;
  issue?: { severity?: string; code?: string; diagnostics?: string; expression?: string[] }[];
}

/** What every refusal in the FHIR API must look like. */
function expectOperationOutcome(
  response: Response,
  expected: Pick<BadInputCase, 'expression' | 'diagnostics'>,
) {
  expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
  const outcome = JSON.parse(response.text) as Outcome;
  expect(outcome.resourceType).toBe('OperationOutcome');
  const errors = (outcome.issue ?? []).filter(
    (issue) => issue.severity === 'error' || issue.severity === 'fatal',
  );
  expect(errors.length).toBeGreaterThan(0);
  if (expected.expression !== undefined) {
    const expressions = errors.flatMap((issue) => issue.expression ?? []);
    const wanted = expected.expression;
    expect(
      expressions.some((expression) =>
        typeof wanted === 'string' ? expression === wanted : wanted.test(expression),
      ) || expressions,
    ).toBe(true);
  }
  if (expected.diagnostics) {
    const diagnostics = errors.map((issue) => issue.diagnostics ?? '');
    expect(diagnostics.some((text) => expected.diagnostics!.test(text)) || diagnostics).toBe(true);
  }
}

describe('FHIR bad-input corpus (real PostgreSQL)', () => {
  let world: World;

  beforeAll(async () => {
    const epr = await TestEpr.create();
    const readOnly = await TestEpr.create({ scopes: ['system/*.read'] });
    const main = await startTestBeacon(
      { BEACON_ROLE: 'api', BEACON_FHIR_BODY_LIMIT_BYTES: '20000', BEACON_FHIR_MAX_BUNDLE_ENTRIES: '50' },
      { clients: [epr.registration(), readOnly.registration()] },
    );
    const notify = await startTestBeacon({
      BEACON_ROLE: 'api',
      BEACON_FHIR_UPSTREAM_URL: 'http://127.0.0.1:9/fhir',
      BEACON_FHIR_NOTIFY_SECRET: NOTIFY_SECRET,
    });
    world = {
      main,
      notify,
      epr,
      readOnly,
      tokens: { epr: await epr.token(main.url), readOnly: await readOnly.token(main.url, 'system/*.read') },
    };
    const created = await send(
      main,
      '/fhir/Patient',
      world.tokens.epr,
      patient(PATIENT_ID, PATIENT_NHS_NUMBER),
    );
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await world?.main.close();
    await world?.notify.close();
  });

  it('holds at least 32 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(32);
    expect(new Set(CASES.map((item) => item.name)).size).toBe(CASES.length);
  });

  it.each(CASES)('answers $status to $name, stores nothing and never answers 5xx', async (item) => {
    const beacon = item.target === 'notify' ? world.notify : world.main;
    await item.setup?.(world);
    const body: unknown =
      typeof item.body === 'function' ? await (item.body as (world: World) => unknown)(world) : item.body;
    const before = await counts(beacon);

    const response = await send(
      beacon,
      item.path,
      await tokenFor(item.auth ?? 'epr', world),
      item.latin1 ? Buffer.from(body as string, 'latin1') : body,
      item.contentType ?? FHIR,
      item.headers?.(world) ?? {},
    );

    expect(response.status).toBeLessThan(500);
    // The body is compared with itself so that a wrong status is reported together with what Beacon answered.
    const seen = { status: response.status, body: response.text.slice(0, 800) };
    expect(seen).toEqual({ ...seen, status: item.status });
    if (item.oauthError) {
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).toEqual({ error: item.oauthError, error_description: expect.any(String) });
    } else {
      expectOperationOutcome(response, item);
    }
    expect(await counts(beacon)).toEqual(before);
    expect(Object.prototype).not.toHaveProperty('polluted');
    for (const [name, pattern] of Object.entries(item.responseHeaders ?? {})) {
      expect(response.headers[name] ?? '(no such header)').toMatch(pattern);
    }
  });

  it.each(['99999999999999999999', '2147483648', '1e3', '-1', '0'])(
    'answers 404, not 5xx, to GET /fhir/Observation/<id>/_history/%s',
    async (version) => {
      const created = await send(
        world.main,
        '/fhir/Observation',
        world.tokens.epr,
        observation({ note: [{ text: `history ${version}` }] }),
      );
      expect(created.status).toBe(201);
      const location = new URL(created.headers.location as string).pathname.replace(/\/_history\/\d+$/, '');
      const response = await request(world.main.url)
        .get(`${location}/_history/${version}`)
        .set('Authorization', `Bearer ${world.tokens.epr}`);
      expect({ status: response.status, body: response.text.slice(0, 300) }).toEqual({
        status: 404,
        body: expect.stringContaining('OperationOutcome'),
      });
      const current = await request(world.main.url)
        .get(`${location}/_history/1`)
        .set('Authorization', `Bearer ${world.tokens.epr}`);
      expect(current.status).toBe(200);
    },
  );

  describe('controls: the unchanged requests the corpus is made from are accepted', () => {
    it('accepts the valid heart rate every Observation case is derived from', async () => {
      const response = await send(world.main, '/fhir/Observation', world.tokens.epr, observation());
      expect(response.status).toBe(201);
    });

    it('accepts the transaction without its bad third entry', async () => {
      const response = await send(world.main, '/fhir', world.tokens.epr, transaction());
      expect(response.status).toBe(200);
      const statuses = (response.body as fhir4.Bundle).entry?.map((entry) => entry.response?.status);
      expect(statuses).toEqual(['201 Created', '201 Created']);
    });

    it('accepts a token signed like the expired one but still valid (a 404, not a 401)', async () => {
      const token = await accessToken(world.epr);
      const response = await request(world.main.url)
        .get('/fhir/Observation/00000000-0000-4000-8000-000000000000')
        .set('Authorization', `Bearer ${token}`);
      expect(response.status).toBe(404);
    });

    it('accepts a notification carrying the right Bearer secret', async () => {
      const response = await send(world.notify, '/fhir/notify', undefined, {}, FHIR, {
        Authorization: `Bearer ${NOTIFY_SECRET}`,
      });
      expect(response.status).toBe(200);
    });

    it('accepts a notification carrying the right X-Signature', async () => {
      const body = '{}';
      const response = await send(world.notify, '/fhir/notify', undefined, body, FHIR, {
        'X-Signature': hmac(NOTIFY_SECRET, body),
      });
      expect(response.status).toBe(200);
    });
  });
});

describe('FHIR rate limit per client (real PostgreSQL)', () => {
  let beacon: TestBeacon;
  let noisy: string;
  let quiet: string;

  beforeAll(async () => {
    const first = await TestEpr.create();
    const second = await TestEpr.create();
    beacon = await startTestBeacon(
      { BEACON_ROLE: 'api', BEACON_RATE_LIMIT_PER_MINUTE: '3' },
      { clients: [first.registration(), second.registration()] },
    );
    noisy = await first.token(beacon.url);
    quiet = await second.token(beacon.url);
  });

  afterAll(async () => {
    await beacon?.close();
  });

  /** Refused for an unknown patient, so the limit is tested without storing anything. */
  const unknownPatient = () => observation({ subject: { reference: 'Patient/nobody' } });

  it('answers 429 with Retry-After to the fourth request in a minute, and stores nothing', async () => {
    const before = await counts(beacon);
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const response = await send(beacon, '/fhir/Observation', noisy, unknownPatient());
      expect(response.status).toBe(422);
    }
    const response = await send(beacon, '/fhir/Observation', noisy, unknownPatient());
    expect(response.status).toBe(429);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expectOperationOutcome(response, {});
    expect(await counts(beacon)).toEqual(before);
  });

  it('does not limit a different client for the first client’s requests', async () => {
    const response = await send(beacon, '/fhir/Observation', quiet, unknownPatient());
    expect(response.status).toBe(422);
  });
});
