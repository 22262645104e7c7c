/** What every page says at its top: demonstration mode, and the unit's charts that are unverified placeholders. */
export interface ScreenNotice {
  readonly clinicalMode: 'live' | 'demo';
  readonly unverifiedCharts: readonly { readonly id: string; readonly name: string }[];
}
