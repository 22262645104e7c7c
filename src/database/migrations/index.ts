import { InitialSchema1795000000000 } from './1795000000000-initial-schema';

/** Applied in this order; never edit a migration that has shipped, add a new one. */
export const MIGRATIONS = [InitialSchema1795000000000];
