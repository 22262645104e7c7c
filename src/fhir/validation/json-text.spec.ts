import { datatypeIssues } from './datatype-rules';
import { MAX_JSON_DEPTH, hasLoneSurrogate, jsonTextIssues } from './json-text';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const expressions = (text: string) => jsonTextIssues(bytes(text)).map((issue) => issue.expression);

describe('jsonTextIssues: rules on the JSON text that JSON.parse forgets', () => {
  it('accepts a well-formed body, including escapes, nested arrays and the same key in sibling objects', () => {
    const body = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { resource: { resourceType: 'Patient', name: [{ family: 'Ó\u00e9 \ud83d\ude00 "q" \\' }] } },
        { resource: { resourceType: 'Patient', name: [{ family: 'x' }] } },
      ],
    };
    expect(jsonTextIssues(bytes(JSON.stringify(body)))).toEqual([]);
  });

  it('names a repeated key with the path of the object that repeats it', () => {
    expect(
      expressions(
        '{"resourceType":"Observation","valueQuantity":{"value":81},"valueQuantity":{"value":250}}',
      ),
    ).toEqual(['Observation.valueQuantity']);
    expect(
      expressions(
        '{"resourceType":"Bundle","entry":[{"resource":{}},{"resource":{"subject":1,"subject":2}}]}',
      ),
    ).toEqual(['Bundle.entry[1].resource.subject']);
  });

  it('finds a key repeated through an escape (\\u0061 is "a")', () => {
    expect(expressions('{"resourceType":"Patient","gender":"female","gend\\u0065r":"male"}')).toEqual([
      'Patient.gender',
    ]);
  });

  it('roots the path at $ when the body has no resourceType before the fault', () => {
    expect(expressions('{"a":1,"a":2}')).toEqual(['$.a']);
  });

  it('refuses a lone high or low surrogate, in a value or a key, but not a proper pair', () => {
    expect(expressions('{"resourceType":"Patient","name":[{"family":"A\\ud800"}]}')).toEqual([
      'Patient.name[0].family',
    ]);
    expect(expressions('{"resourceType":"Patient","name":[{"family":"\\udc00A"}]}')).toEqual([
      'Patient.name[0].family',
    ]);
    expect(expressions('{"resourceType":"Patient","\\ud800":1}')).toEqual(['Patient.\ud800']);
    expect(expressions('{"resourceType":"Patient","name":[{"family":"\\ud83d\\ude00"}]}')).toEqual([]);
  });

  it('refuses bytes that are not UTF-8 and says where the first one is', () => {
    const body = Buffer.concat([
      bytes('{"resourceType":"Patient","name":[{"family":"A'),
      Buffer.from([0xff]),
      bytes('"}]}'),
    ]);
    const [issue] = jsonTextIssues(body);
    expect(issue?.diagnostics).toMatch(/not valid UTF-8 \(first bad byte at offset 46\)/);
    // An overlong encoding of "/" (0xC0 0xAF) and a truncated three-byte sequence.
    expect(jsonTextIssues(Buffer.from([0x22, 0xc0, 0xaf, 0x22]))[0]?.diagnostics).toMatch(/offset 1\)/);
    expect(jsonTextIssues(Buffer.from([0x22, 0xe2, 0x82, 0x22]))[0]?.diagnostics).toMatch(/offset 1\)/);
  });

  it('names the nesting limit instead of overflowing, at any depth beyond it', () => {
    const deep = (levels: number) =>
      `{"resourceType":"Observation","extension":${'['.repeat(levels)}${']'.repeat(levels)}}`;
    expect(jsonTextIssues(bytes(deep(MAX_JSON_DEPTH - 1)))).toEqual([]);
    for (const levels of [MAX_JSON_DEPTH, 5_000, 200_000]) {
      const issues = jsonTextIssues(bytes(deep(levels)));
      expect(issues).toHaveLength(1);
      expect(issues[0]?.diagnostics).toMatch(/deeper than 100 levels/);
    }
  });

  it('leaves malformed JSON to JSON.parse (no issue invented from a truncated body)', () => {
    expect(jsonTextIssues(bytes('{"resourceType":"Observation","status":"fin'))).toEqual([]);
    expect(jsonTextIssues(bytes('{"a":"\\x"}'))).toEqual([]);
  });
});

describe('hasLoneSurrogate', () => {
  it.each([
    ['plain', 'abc', false],
    ['a pair', '\ud83d\ude00', false],
    ['high at the end', 'a\ud800', true],
    ['low first', '\udc00a', true],
    ['two highs', '\ud800\ud800', true],
  ])('%s', (_name, text, expected) => {
    expect(hasLoneSurrogate(text)).toBe(expected);
  });
});

describe('datatypeIssues: FHIR R4 datatype rules on every element', () => {
  const observation = (changes: Record<string, unknown> = {}) => ({
    resourceType: 'Observation',
    status: 'final',
    code: { text: 'Heart rate' },
    ...changes,
  });
  const exprs = (resource: object) =>
    datatypeIssues(resource, (resource as { resourceType: string }).resourceType).map(
      (issue) => issue.expression,
    );

  it('accepts a valid resource', () => {
    expect(exprs(observation({ id: 'hr-1.A', category: [{ text: 'vital-signs' }] }))).toEqual([]);
  });

  it.each([
    ['an id of 65 characters', { id: 'a'.repeat(65) }, 'Observation.id'],
    ['an id with a slash', { id: 'a/b' }, 'Observation.id'],
    ['an id that is a number', { id: 7 }, 'Observation.id'],
    ['an empty array', { category: [] }, 'Observation.category'],
    ['an empty object', { subject: {} }, 'Observation.subject'],
    ['an empty string', { note: [{ text: '' }] }, 'Observation.note[0].text'],
    ['a NUL character', { note: [{ text: 'a\u0000b' }] }, 'Observation.note[0].text'],
    ['a lone surrogate', { note: [{ text: 'a\udfff' }] }, 'Observation.note[0].text'],
    ['a status outside its required binding', { status: 'done' }, 'Observation.status'],
  ])('refuses %s, naming the element', (_name, changes, expression) => {
    expect(exprs(observation(changes))).toEqual([expression]);
  });

  it('checks the required bindings of the status elements Beacon stores', () => {
    expect(
      exprs({ resourceType: 'Encounter', status: 'in-progress', location: [{ status: 'active' }] }),
    ).toEqual([]);
    expect(exprs({ resourceType: 'Encounter', status: 's'.repeat(40) })).toEqual(['Encounter.status']);
    expect(exprs({ resourceType: 'Encounter', status: 'finished', location: [{ status: 'gone' }] })).toEqual([
      'Encounter.location[0].status',
    ]);
    expect(exprs({ resourceType: 'Procedure', status: 'done' })).toEqual(['Procedure.status']);
    expect(exprs({ resourceType: 'MedicationAdministration', status: 'given' })).toEqual([
      'MedicationAdministration.status',
    ]);
    expect(exprs({ resourceType: 'Patient', gender: 'F' })).toEqual(['Patient.gender']);
  });

  it('checks the id of a contained resource too', () => {
    expect(exprs(observation({ contained: [{ resourceType: 'Patient', id: 'x'.repeat(70) }] }))).toEqual([
      'Observation.contained[0].id',
    ]);
  });

  it('stops at the nesting limit without overflowing the stack', () => {
    let deep: unknown = 'leaf';
    for (let level = 0; level < 20_000; level += 1) deep = [deep];
    const issues = datatypeIssues(observation({ extension: deep }), 'Observation');
    expect(issues).toHaveLength(1);
    expect(issues[0]?.diagnostics).toMatch(/deeper than 100 levels/);
  });
});
