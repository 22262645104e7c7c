import { unhandledJobs } from './handles-jobs.decorator';

describe('unhandledJobs', () => {
  it('names every job that no processor declares', () => {
    expect(unhandledJobs(['score', 'escalate', 'fetch'], ['score', 'fetch'])).toEqual(['escalate']);
    expect(unhandledJobs(['score'], ['score', 'extra'])).toEqual([]);
  });
});
