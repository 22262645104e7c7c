/** The columns of an observation_set row every report shows: when, which chart, what score. */
export interface SetSummaryRow {
  id: string;
  effective_at: Date;
  chart_id: string;
  chart_version: string;
  chart_verification: string;
  total: number;
  clinical_risk: string;
}

/** A set's summary as the reports answer it. */
export function setSummary(row: SetSummaryRow) {
  return {
    id: row.id,
    effectiveAt: new Date(row.effective_at).toISOString(),
    chart: { id: row.chart_id, version: row.chart_version, verification: row.chart_verification },
    total: row.total,
    clinicalRisk: row.clinical_risk,
  };
}
