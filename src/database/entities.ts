// Every TypeORM entity, for the DataSource (entities stay in their module's persistence/ folder).
import { ConfigurationRecordEntity } from '../governance/persistence/configuration-record.entity';

export const ENTITIES = [ConfigurationRecordEntity];
