import { CHARTS } from '../../test/support/charts';
import { checkGoldenCases } from './golden-cases';

describe('checkGoldenCases', () => {
  // Expectations from the RCP NEWS2 table (clinical-rules.md §R), written by hand.
  it('passes cases the chart agrees with and lists each case it does not, with both answers', () => {
    const report = checkGoldenCases(CHARTS.news2, [
      { name: 'pulse 131', set: { heartRate: 131 }, expectedTotal: 3, expectedResponse: 'urgent-ward' },
      {
        name: 'spo2 92 on scale 1',
        set: { oxygenSaturation: 92 },
        expectedTotal: 1,
        expectedResponse: 'ward',
      },
      { name: 'impossible', set: { heartRate: 900 }, expectedTotal: 3, expectedResponse: 'urgent-ward' },
    ]);
    expect(report).toEqual({
      cases: 3,
      passed: 1,
      mismatches: [
        {
          case: 'spo2 92 on scale 1',
          expected: { total: 1, response: 'ward' },
          actual: { total: 2, response: 'ward' },
        },
        {
          case: 'impossible',
          expected: { total: 3, response: 'urgent-ward' },
          actual: { error: expect.stringMatching(/^heartRate: /) },
        },
      ],
    });
  });
});
