import fc from 'fast-check';

/**
 * Mutations of valid FHIR requests for the property-based fuzz test (test/e2e/fhir-fuzz.e2e-spec.ts): each case
 * takes one request Beacon accepts and changes one thing in it, as a careless integrator or an attacker would.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = readonly (string | number)[];

export interface FuzzRequest {
  /** Which valid request it was made from. */
  readonly fixture: string;
  readonly path: string;
  readonly mutation: string;
  /** Where in the resource (FHIRPath-like), for the report. */
  readonly at: string;
  /** The body, byte for byte (some mutations exist only as JSON text). */
  readonly body: string;
}

export interface Fixture {
  readonly name: string;
  readonly path: string;
  readonly body: Json;
}

/** Every node of a JSON tree (the root too), with its path. */
function nodes(value: Json, path: Path = []): { path: Path; value: Json }[] {
  const here = { path, value };
  if (Array.isArray(value)) return [here, ...value.flatMap((item, index) => nodes(item, [...path, index]))];
  if (value !== null && typeof value === 'object')
    return [here, ...Object.entries(value).flatMap(([key, child]) => nodes(child, [...path, key]))];
  return [here];
}

const clone = (value: Json): Json => JSON.parse(JSON.stringify(value)) as Json;

function parentOf(root: Json, path: Path): { parent: Json[] | Record<string, Json>; key: string | number } {
  let node = root as Json[] | Record<string, Json>;
  for (const step of path.slice(0, -1)) node = (node as Record<string, Json>)[step as string] as typeof node;
  return { parent: node, key: path.at(-1) as string | number };
}

function setAt(root: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value;
  const copy = clone(root);
  const { parent, key } = parentOf(copy, path);
  (parent as Record<string, Json>)[key as string] = value;
  return copy;
}

function removeAt(root: Json, path: Path): Json {
  if (path.length === 0) return root;
  const copy = clone(root);
  const { parent, key } = parentOf(copy, path);
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key as string];
  return copy;
}

const describePath = (root: Json, path: Path): string => {
  const type =
    root !== null && typeof root === 'object' && !Array.isArray(root) && typeof root.resourceType === 'string'
      ? root.resourceType
      : '$';
  return path.reduce<string>(
    (text, step) => (typeof step === 'number' ? `${text}[${step}]` : `${text}.${step}`),
    type,
  );
};

const PLACEHOLDER = '"__beacon_fuzz__"';

/** A value of a type the element does not have. */
const otherType: fc.Arbitrary<Json> = fc.oneof<fc.Arbitrary<Json>[]>(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 20 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.string({ maxLength: 6 }), {
    minKeys: 1,
    maxKeys: 2,
  }),
);

/** Numbers JSON can write and JavaScript or PostgreSQL cannot hold as they are. */
const hostileNumber = fc.constantFrom(
  '1e400',
  '-1e400',
  '1e-400',
  '-0',
  '123456789012345678901234567890',
  '-9007199254740993',
  '2147483648',
  '-1',
  '0.000000000000000000001',
);

const wrongReference = fc.oneof(
  fc.constantFrom(
    'Patient/nobody',
    'Observation/fuzz-patient',
    'Patient/',
    'Patient/../../etc/passwd',
    'urn:uuid:00000000-0000-0000-0000-000000000000',
    'http://elsewhere.example/fhir/Patient/fuzz-patient',
    `Patient/${'x'.repeat(65)}`,
    '#contained',
  ),
  fc.string({ maxLength: 30 }).map((text) => `Patient/${text}`),
);

/** One change to one request; the arbitrary is built from the fixtures (chosen node = index modulo node count). */
export function mutatedRequests(fixtures: readonly Fixture[]): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      fixture: fc.nat({ max: fixtures.length - 1 }),
      node: fc.nat(),
      mutation: fc.oneof(
        otherType.map((value) => ({ kind: 'type swap', value }) as const),
        fc
          .integer({ min: 65, max: 20_000 })
          .map((length) => ({ kind: 'overlong string', value: 'x'.repeat(length) }) as const),
        hostileNumber.map((text) => ({ kind: 'hostile number', text }) as const),
        fc
          .constantFrom('\\ud800', '\\udfff', 'a\\udbffz', '\\udc00\\ud800', '\\u0000', '\\u001b')
          .map((text) => ({ kind: 'bad character', text }) as const),
        fc.integer({ min: 20, max: 6_000 }).map((depth) => ({ kind: 'deep nesting', depth }) as const),
        fc.constant({ kind: 'duplicate key' } as const),
        fc
          .string({ minLength: 1, maxLength: 12 })
          .map((name) => ({ kind: 'unknown element', name: `fuzz${name}` }) as const),
        wrongReference.map((reference) => ({ kind: 'wrong reference', reference }) as const),
        fc.constant({ kind: 'removed element' } as const),
        fc.constantFrom<Json>([], {}, '').map((value) => ({ kind: 'empty value', value }) as const),
      ),
    })
    .map(({ fixture: which, node: pick, mutation }): FuzzRequest => {
      const fixture = fixtures[which] as Fixture;
      const root = fixture.body;
      const all = nodes(root).filter((node) => node.path.length > 0);
      const { path, value } = all[pick % all.length] as { path: Path; value: Json };
      const base = {
        fixture: fixture.name,
        path: fixture.path,
        mutation: mutation.kind,
        at: describePath(root, path),
      };
      const withText = (tree: Json, text: string) => JSON.stringify(tree).replace(PLACEHOLDER, text);
      switch (mutation.kind) {
        case 'type swap':
          return { ...base, body: JSON.stringify(setAt(root, path, mutation.value)) };
        case 'overlong string':
          return { ...base, body: JSON.stringify(setAt(root, path, mutation.value)) };
        case 'hostile number':
          return { ...base, body: withText(setAt(root, path, '__beacon_fuzz__'), mutation.text) };
        case 'bad character':
          return {
            ...base,
            body: withText(setAt(root, path, '__beacon_fuzz__'), `"${mutation.text}"`),
          };
        case 'deep nesting':
          return {
            ...base,
            body: withText(
              setAt(root, path, '__beacon_fuzz__'),
              `${'['.repeat(mutation.depth)}${']'.repeat(mutation.depth)}`,
            ),
          };
        case 'duplicate key': {
          // Repeat the key of the chosen node in its object, with a different value after it.
          const { parent, key } = parentOf(clone(root), path);
          if (Array.isArray(parent) || typeof key !== 'string') {
            return {
              ...base,
              mutation: 'duplicate key (array: type swap)',
              body: JSON.stringify(setAt(root, path, 0)),
            };
          }
          const tree = setAt(
            root,
            [...path.slice(0, -1), '__beacon_fuzz_dup__'],
            typeof value === 'number' ? 0 : 'other',
          );
          return {
            ...base,
            body: JSON.stringify(tree).replace('"__beacon_fuzz_dup__"', JSON.stringify(key)),
          };
        }
        case 'unknown element': {
          const target =
            value !== null && typeof value === 'object' && !Array.isArray(value) ? path : path.slice(0, -1);
          return { ...base, body: JSON.stringify(setAt(root, [...target, mutation.name], 'fuzz')) };
        }
        case 'wrong reference': {
          const references = all.filter((node) => node.path.at(-1) === 'reference');
          const target =
            references.length > 0 ? (references[pick % references.length] as { path: Path }).path : path;
          return {
            ...base,
            at: describePath(root, target),
            body: JSON.stringify(setAt(root, target, mutation.reference)),
          };
        }
        case 'removed element':
          return { ...base, body: JSON.stringify(removeAt(root, path)) };
        case 'empty value':
          return { ...base, body: JSON.stringify(setAt(root, path, mutation.value)) };
      }
    });
}
