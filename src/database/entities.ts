// Every TypeORM entity, for the DataSource (entities stay in their module's persistence/ folder).
import { AlertEntity } from '../alerts/persistence/alert.entity';
import { ObservationSetEntity } from '../assessment/persistence/observation-set.entity';
import { AuditEventEntity } from '../audit/persistence/audit-event.entity';
import { UsedClientAssertionEntity } from '../auth/persistence/used-client-assertion.entity';
import { ClinicalEventEntity } from '../clinical-record/persistence/clinical-event.entity';
import { PatientIdentityEntity } from '../clinical-record/persistence/patient-identity.entity';
import { PatientEntity } from '../clinical-record/persistence/patient.entity';
import { ReadingEntity } from '../clinical-record/persistence/reading.entity';
import { FhirResourceEntity } from '../fhir/persistence/fhir-resource.entity';
import { UpstreamCursorEntity } from '../fhir/persistence/upstream-cursor.entity';
import { ChartSignOffEntity } from '../governance/persistence/chart-sign-off.entity';
import { ConfigurationRecordEntity } from '../governance/persistence/configuration-record.entity';
import { OutboxEntity } from '../queue/persistence/outbox.entity';

export const ENTITIES = [
  ConfigurationRecordEntity,
  ChartSignOffEntity,
  FhirResourceEntity,
  UpstreamCursorEntity,
  PatientEntity,
  PatientIdentityEntity,
  ReadingEntity,
  ClinicalEventEntity,
  OutboxEntity,
  AuditEventEntity,
  UsedClientAssertionEntity,
  ObservationSetEntity,
  AlertEntity,
];
