import type { EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { AuditEventRepository } from '../audit/persistence/audit-event.repository';
import type { AppConfig } from '../config/app-config';
import { ConfigError } from '../config/app-config';
import type { ChartCatalogue } from '../config/chart-files';
import type { SignedChartContent } from './persistence/chart-sign-off.entity';
import {
  allSignOffs,
  lockChartForSignOff,
  saveSignOff,
  signOffsOfVersion,
} from './persistence/chart-sign-off.repository';

export interface SignOff {
  readonly chartId: string;
  readonly chartVersion: string;
  readonly contentSha256: string;
  readonly sourceSha256: string;
  readonly signedBy: string;
  readonly role: string;
  readonly signedAt: Date;
}

/** A sign-off to record (its time is the database's), with the evidence it was given. */
export interface SignOffRequest extends Omit<SignOff, 'signedAt'> {
  readonly file: string;
  readonly casesSha256: string;
  readonly casesPassed: number;
  readonly content: SignedChartContent;
}

function describe(signOff: SignOff): string {
  return `signed by ${signOff.signedBy} (${signOff.role}) on ${signOff.signedAt.toISOString()}`;
}

/**
 * Why these charts must not run. Any mode: a chart whose version was signed with other content (edited after
 * sign-off without a new version). Live mode: a chart a ward uses whose version in use has no sign-off matching
 * its content hash.
 */
export function signOffProblems(
  charts: ChartCatalogue,
  chartsInUse: readonly string[],
  signOffs: readonly SignOff[],
  live: boolean,
): string[] {
  const problems: string[] = [];
  for (const { chart, hash } of charts.entries()) {
    const ofVersion = signOffs.filter(
      (signOff) => signOff.chartId === chart.id && signOff.chartVersion === chart.version,
    );
    const other = ofVersion.find((signOff) => signOff.contentSha256 !== hash);
    if (other) {
      problems.push(
        `Chart "${chart.id}" version ${chart.version} (${chart.file}) has changed since it was ${describe(other)}: ` +
          `its content hash is ${hash}, the signed hash is ${other.contentSha256}. A signed chart is never edited in ` +
          `place: restore the signed file, or give the change a new version and have it tested and signed.`,
      );
      continue;
    }
    if (live && chartsInUse.includes(chart.id) && ofVersion.length === 0) {
      problems.push(
        `BEACON_CLINICAL_MODE=live refuses chart "${chart.id}" version ${chart.version} (${chart.file}): it is not signed off. ` +
          `Run npm run --silent chart -- sign ${chart.file} --by "<name>" --role "<role>" --source-sha256 <hash of the source PDF> ` +
          `(docs/clinical-safety/chart-procedure.md), or run in demo mode.`,
      );
    }
  }
  return problems;
}

/**
 * Records a sign-off and its audit event in one transaction. Refuses (returns the reason) when this chart version
 * was already signed with other content.
 */
export async function recordSignOff(
  manager: EntityManager,
  request: SignOffRequest,
): Promise<{ ok: true; signOff: SignOff } | { ok: false; error: string }> {
  return manager.transaction(async (transaction) => {
    await lockChartForSignOff(transaction, request.chartId);
    const earlier = await signOffsOfVersion(transaction, request.chartId, request.chartVersion);
    const other = earlier.find((signOff) => signOff.contentSha256 !== request.contentSha256);
    if (other) {
      return {
        ok: false as const,
        error: `chart ${request.chartId} version ${request.chartVersion} was ${describe(other)} with other content (hash ${other.contentSha256}); give the changed chart a new version`,
      };
    }
    const saved = await saveSignOff(transaction, request);
    await new AuditLog(new AuditEventRepository()).append(transaction, [
      {
        type: 'chart.signed',
        actor: { type: 'user', id: request.signedBy },
        occurredAt: saved.signedAt,
        details: { ...request, content: undefined },
      },
    ]);
    return { ok: true as const, signOff: saved };
  });
}

/** Refuses to start on a chart edited after sign-off and, in live mode, on an unsigned chart in use. */
export async function assertChartsSignedOff(manager: EntityManager, config: AppConfig): Promise<void> {
  const inUse = config.chartsInUse().map((chart) => chart.id);
  const problems = signOffProblems(
    config.charts,
    inUse,
    await allSignOffs(manager),
    config.env.BEACON_CLINICAL_MODE === 'live',
  );
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
}
