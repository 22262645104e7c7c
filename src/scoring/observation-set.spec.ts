import { parseObservationSet } from './observation-set';

describe('parseObservationSet', () => {
  it.each([
    [[], 'set: must be a JSON object'],
    ['text', 'set: must be a JSON object'],
    [{ heartRate: '84' }, 'heartRate: must be a number in beats/min'],
    [{ heartRate: 400 }, 'heartRate: 400 beats/min is outside the possible range 0–300 beats/min'],
    [
      { respiratoryRate: -2 },
      'respiratoryRate: -2 breaths/min is outside the possible range 0–150 breaths/min',
    ],
    [{ temperature: 98.6 }, 'temperature: 98.6 °C is outside the possible range 25–45 °C'],
    [{ oxygenSaturation: 101 }, 'oxygenSaturation: 101 % is outside the possible range 0–100 %'],
    [{ consciousness: 'alert' }, 'consciousness: must be one of "A", "C", "V", "P", "U"'],
    [{ onSupplementalOxygen: 'yes' }, 'onSupplementalOxygen: must be one of false, true'],
    [{ spo2Scale: 3 }, 'spo2Scale: must be one of 1, 2'],
    [{ pulse: 80 }, 'pulse: unknown field'],
    [{ systolicBP: 80, diastolicBP: 90 }, 'diastolicBP: 90 mmHg must be lower than systolicBP 80 mmHg'],
  ])('rejects %j with "%s"', (input, error) => {
    expect(parseObservationSet(input)).toEqual({ ok: false, error });
  });

  it('treats null as not recorded', () => {
    expect(parseObservationSet({ heartRate: null, respiratoryRate: 12 })).toEqual({
      ok: true,
      set: { respiratoryRate: 12 },
    });
  });

  it('accepts the newborn vocabulary', () => {
    const set = {
      colour: 'mottled',
      feeding: 'not-feeding',
      tone: 'floppy',
      respiratoryDistress: 'severe',
      concern: true,
    };
    expect(parseObservationSet(set)).toEqual({ ok: true, set });
  });
});
