import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import type { ChartDefinition, PatientGroup } from '../scoring';
import { OBSERVATION_FIELDS, chartDiff } from '../scoring';
import type { SignOff } from './chart-sign-off';
import { allSignOffs, latestSignOffOfVersion } from './persistence/chart-sign-off.repository';
import type {
  ChartDiffView,
  ChartPageView,
  ChartsConfigurationView,
  FieldLabelView,
  SignOffView,
} from '../contracts/charts.view';

function signOffView(signOff: SignOff | undefined): SignOffView | null {
  return signOff
    ? {
        signedBy: signOff.signedBy,
        role: signOff.role,
        signedAt: signOff.signedAt.toISOString(),
        sourceSha256: signOff.sourceSha256,
      }
    : null;
}

const FIELDS: Record<string, FieldLabelView> = Object.fromEntries(
  Object.entries(OBSERVATION_FIELDS).map(([id, field]) => [
    id,
    field.kind === 'number'
      ? { label: field.label, unit: field.unit, min: field.possible.min, max: field.possible.max }
      : { label: field.label },
  ]),
);

/** The charts in use and their sign-offs, for the chart pages and the ward configuration page. */
@Injectable()
export class ChartsService {
  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  private matching(signOffs: readonly SignOff[], id: string, hash: string | undefined): SignOff | undefined {
    return signOffs.filter((signOff) => signOff.chartId === id && signOff.contentSha256 === hash).at(-1);
  }

  async page(id: string): Promise<ChartPageView | undefined> {
    const chart = this.config.charts.find(id);
    if (!chart) return undefined;
    const hash = this.config.charts.hashOf(id) ?? '';
    const signOffs = await allSignOffs(this.dataSource.manager);
    const versions = [
      ...new Set([
        ...signOffs.filter((signOff) => signOff.chartId === id).map((signOff) => signOff.chartVersion),
        chart.version,
      ]),
    ];
    return { chart, hash, signOff: signOffView(this.matching(signOffs, id, hash)), versions, fields: FIELDS };
  }

  /** A version of a chart: the one loaded, or the content recorded when that version was signed. */
  private async version(id: string, version: string): Promise<ChartDefinition | undefined> {
    const loaded = this.config.charts.find(id);
    if (loaded?.version === version) return loaded;
    const signed = await latestSignOffOfVersion(this.dataSource.manager, id, version);
    return signed ? { ...signed.content, file: signed.file } : undefined;
  }

  async diff(id: string, from: string, to: string): Promise<ChartDiffView | { missing: string }> {
    const [before, after] = await Promise.all([this.version(id, from), this.version(id, to)]);
    if (!before) return { missing: `from: chart ${id} has no version ${from} (in use or signed)` };
    if (!after) return { missing: `to: chart ${id} has no version ${to} (in use or signed)` };
    return { id, from, to, changes: chartDiff(before, after) };
  }

  async configuration(): Promise<ChartsConfigurationView> {
    const signOffs = await allSignOffs(this.dataSource.manager);
    const { charts } = this.config;
    return {
      clinicalMode: this.config.env.BEACON_CLINICAL_MODE,
      wards: this.config.wards.wards.flatMap((ward) =>
        (Object.entries(ward.charts) as [PatientGroup, string][]).map(([group, chartId]) => {
          const chart = charts.get(chartId);
          const hash = charts.hashOf(chartId) ?? '';
          return {
            wardId: ward.id,
            wardName: ward.name,
            group,
            chartId,
            version: chart.version,
            title: chart.title,
            verification: chart.verification,
            hash,
            signOff: signOffView(this.matching(signOffs, chartId, hash)),
          };
        }),
      ),
      charts: charts.entries().map(({ chart, hash }) => ({
        id: chart.id,
        version: chart.version,
        title: chart.title,
        verification: chart.verification,
        file: chart.file,
        hash,
        signOff: signOffView(this.matching(signOffs, chart.id, hash)),
      })),
    };
  }
}
