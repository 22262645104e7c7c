// The DataSource for the TypeORM CLI (npm run migration:*), built from the same configuration as the service.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { databaseOptions } from './database-options';

export default new DataSource(databaseOptions(loadConfig()));
