/** What a ward screen shows of one chart: enough to label and colour a score, and to say if it is unverified. */
export interface BoardChart {
  readonly id: string;
  /** Short name for a tile ("MEWS"). */
  readonly name: string;
  readonly title: string;
  readonly version: string;
  readonly verification: string;
  /** Lowest to highest risk, with the label that goes with the colour (colour is never the only cue). */
  readonly riskLevels: readonly {
    readonly id: string;
    readonly label: string;
    readonly colour: string;
    readonly escalate: boolean;
  }[];
}

/** One bed on a ward display: who, which chart, the latest score and whether the next set is due. */
export interface BedTile {
  readonly patientId: string;
  readonly wardId: string | null;
  readonly bed: string | null;
  readonly initials: string;
  /** antenatal, postnatal, newborn or adult, as the latest set was scored. */
  readonly group: string | null;
  readonly chartId: string | null;
  readonly latest: {
    readonly setId: string;
    readonly effectiveAt: string;
    readonly total: number;
    readonly clinicalRisk: string;
    readonly escalate: boolean;
    readonly complete: boolean;
    readonly missing: readonly string[];
    readonly concern: boolean;
  } | null;
  /** The total of the set before the latest (the trend arrow compares the two). */
  readonly previousTotal: number | null;
  readonly trend: 'worse' | 'better' | 'same' | null;
  /** When the chart's observation interval says the next set is due (null: continuous or unknown). */
  readonly nextDueAt: string | null;
  /** An overdue alert is open for this patient. */
  readonly overdue: boolean;
  /**
   * When her oldest reading still waiting to be scored was taken (null: nothing waiting). A tile with no set yet says
   * her readings have arrived rather than "No observations yet".
   */
  readonly unscoredSince: string | null;
}
