import { InitialSchema1795000000000 } from './1795000000000-initial-schema';
import { IntakeSchema1795100000000 } from './1795100000000-intake-schema';
import { AssessmentSchema1795200000000 } from './1795200000000-assessment-schema';
import { AlertsSchema1795300000000 } from './1795300000000-alerts-schema';
import { OutboxRunAt1795400000000 } from './1795400000000-outbox-run-at';
import { PathwayPrompts1795500000000 } from './1795500000000-pathway-prompts';
import { ObservationSetMembership1796000000000 } from './1796000000000-observation-set-membership';
import { AuditChains1796100000000 } from './1796100000000-audit-chains';
import { AuditChainTail1796200000000 } from './1796200000000-audit-chain-tail';
import { HistoryLookups1796300000000 } from './1796300000000-history-lookups';
import { CarriedForwardIndex1796400000000 } from './1796400000000-carried-forward-index';
import { ResourceVersionLock1796500000000 } from './1796500000000-resource-version-lock';
import { ChartSignOff1795700000000 } from './1795700000000-chart-sign-off';
import { PatientOwnership1795615000000 } from './1795615000000-patient-ownership';
import { AlertRespondedBy1795614000000 } from './1795614000000-alert-responded-by';
import { WardDisplays1795900000000 } from './1795900000000-ward-displays';
import { SparseFieldIndex1796600000000 } from './1796600000000-sparse-field-index';
import { AuditAppend1796700000000 } from './1796700000000-audit-append';

/** Applied in this order; never edit a migration that has shipped, add a new one. */
export const MIGRATIONS = [
  InitialSchema1795000000000,
  IntakeSchema1795100000000,
  AssessmentSchema1795200000000,
  AlertsSchema1795300000000,
  OutboxRunAt1795400000000,
  PathwayPrompts1795500000000,
  AlertRespondedBy1795614000000,
  PatientOwnership1795615000000,
  ChartSignOff1795700000000,
  WardDisplays1795900000000,
  ObservationSetMembership1796000000000,
  AuditChains1796100000000,
  AuditChainTail1796200000000,
  HistoryLookups1796300000000,
  CarriedForwardIndex1796400000000,
  ResourceVersionLock1796500000000,
  SparseFieldIndex1796600000000,
  AuditAppend1796700000000,
];
