import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PatientStore } from '../clinical-record/patient.store';
import { AppConfig } from '../config/app-config';
import type { AlertView, PromptDetail } from '../contracts/alert.view';
import { AlertRepository } from './alert.repository';
import { iso, ladderOf } from './alert-facts';
import type { AlertKind, AlertResponse, AlertState } from './domain/alert';
import { escalationStep } from './domain/escalation-ladder';
import type { AlertEntity } from './persistence/alert.entity';

interface ResponseDetail {
  who?: string;
  reviewWithinMinutes?: number | null;
  responseVerification?: string;
  total?: number;
  chartVerification?: string;
}

/** Alerts as screens, the REST API and the timelines see them. */
@Injectable()
export class AlertViews {
  constructor(
    private readonly repository: AlertRepository,
    private readonly patients: PatientStore,
    private readonly config: AppConfig,
  ) {}

  /** A ward's open alerts, most urgent first (`null`: patients on no configured ward). */
  async openAlerts(wardId: string | null): Promise<AlertView[]> {
    const views = await this.views(this.repository.reader, await this.repository.openIdsOfWard(wardId));
    return views.sort((a, b) => a.severity - b.severity || a.raisedAt.localeCompare(b.raisedAt));
  }

  async view(alertId: string): Promise<AlertView | undefined> {
    return (await this.views(this.repository.reader, [alertId]))[0];
  }

  async views(manager: EntityManager, ids: readonly string[]): Promise<AlertView[]> {
    if (ids.length === 0) return [];
    const rows = await this.repository.byIds(manager, ids);
    const labels = await this.patients.patientLabels(
      manager,
      rows.flatMap((row) => (row.patientId ? [row.patientId] : [])),
    );
    return rows.map((row) => this.viewOf(row, row.patientId ? labels.get(row.patientId) : undefined));
  }

  private viewOf(row: AlertEntity, label: { initials: string; bed: string | null } | undefined): AlertView {
    const detail = row.detail as ResponseDetail;
    const ladder = ladderOf(this.config, row.wardId);
    return {
      id: row.id,
      kind: row.kind as AlertKind,
      state: row.state as AlertState,
      wardId: row.wardId,
      patient: row.patientId
        ? { id: row.patientId, initials: label?.initials ?? '?', bed: label?.bed ?? null }
        : null,
      title: row.title,
      level: row.level,
      severity: row.severity,
      clinicalRisk: row.clinicalRisk,
      chart: row.chartId
        ? {
            id: row.chartId,
            version: row.chartVersion ?? '',
            verification: detail.chartVerification ?? 'unverified',
          }
        : null,
      response: detail.who
        ? {
            who: detail.who,
            reviewWithinMinutes: detail.reviewWithinMinutes ?? null,
            verification: detail.responseVerification ?? 'unverified',
          }
        : null,
      total: detail.total ?? null,
      improved: row.improved,
      escalation: {
        step: row.escalationStep,
        withRole: ladder.length > 0 ? escalationStep(ladder, row.escalationStep, null).who.label : '',
        nextAt: iso(row.nextEscalationAt),
      },
      raisedAt: row.raisedAt.toISOString(),
      acknowledged: row.acknowledgedAt
        ? {
            by: row.acknowledgedBy ?? '',
            at: row.acknowledgedAt.toISOString(),
            device: row.acknowledgedDevice,
          }
        : null,
      responded:
        row.response && row.respondedAt
          ? {
              response: row.response as AlertResponse,
              reason: row.responseReason,
              at: row.respondedAt.toISOString(),
              by: row.respondedBy ?? '',
            }
          : null,
      closed: row.closedAt ? { at: row.closedAt.toISOString(), reason: row.closedReason ?? '' } : null,
      setId: row.setId,
      prompt: promptOf(row),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}

function promptOf(row: AlertEntity): AlertView['prompt'] {
  if (row.kind !== 'prompt') return null;
  const prompt = row.detail as PromptDetail;
  return {
    code: row.promptCode,
    pathway: prompt.pathway,
    action: prompt.action,
    text: prompt.text,
    dueAt: iso(row.dueAt),
    ruleSet: prompt.ruleSet,
    source: prompt.source,
    verification: prompt.verification,
    staffMayRecord: prompt.staffMayRecord,
  };
}
