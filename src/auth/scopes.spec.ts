import { allows, grantScopes, parseScope } from './scopes';

describe('SMART system scopes', () => {
  it.each([
    ['system/Observation.write', 'Observation', ['c', 'u', 'd']],
    ['system/Observation.read', 'Observation', ['r', 's']],
    ['system/*.cruds', '*', ['c', 'r', 'u', 'd', 's']],
    ['system/Patient.c', 'Patient', ['c']],
  ])('parses %s', (text, resourceType, permissions) => {
    const scope = parseScope(text);
    expect(scope?.resourceType).toBe(resourceType);
    expect([...(scope?.permissions ?? [])].sort()).toEqual([...permissions].sort());
  });

  it.each(['user/Observation.read', 'system/observation.read', 'system/Observation.x', 'patient/*.*'])(
    'refuses %s',
    (text) => {
      expect(parseScope(text)).toBeUndefined();
    },
  );

  it('grants only what the client is registered for', () => {
    expect(
      grantScopes(['system/Observation.write', 'system/Patient.read'], ['system/Observation.c']),
    ).toEqual(['system/Observation.c']);
    expect(grantScopes(['system/*.write'], ['system/Observation.cu'])).toEqual([]);
    expect(grantScopes(['system/Observation.cruds'], ['system/*.write', 'system/*.read'])).toEqual([
      'system/Observation.cruds',
    ]);
  });

  it('answers whether a set of scopes allows an action', () => {
    const scopes = [parseScope('system/Observation.c')!, parseScope('system/*.r')!];
    expect(allows(scopes, 'Observation', 'c')).toBe(true);
    expect(allows(scopes, 'Patient', 'c')).toBe(false);
    expect(allows(scopes, 'Patient', 'r')).toBe(true);
  });
});
