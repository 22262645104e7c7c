import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/*
 * Hand-built SQL for an entity's rows on the hot path (intake, assessment, the audit trail). The ORM's find, insert
 * and update build, name and escape a parameter per value and map rows through its metadata on every call, which
 * cost more CPU than the round trip itself. These read the same metadata once per entity, then send plain positional
 * SQL; rows come back with the entity's property names and the types `pg` gives them (the ORM's types for the column
 * types Beacon uses: uuid and bigint as strings, timestamps as Dates, jsonb parsed).
 */

/** An entity's table and columns, read from the ORM's metadata once per entity class. */
interface EntityShape {
  readonly table: string;
  readonly columns: ReadonlyMap<string, { readonly name: string; readonly json: boolean }>;
  readonly selectCache: Map<string, string>;
}

const shapes = new WeakMap<object, EntityShape>();

function shapeOf(manager: EntityManager, entity: EntityTarget<ObjectLiteral>): EntityShape {
  let shape = shapes.get(entity as object);
  if (!shape) {
    const metadata = manager.connection.getMetadata(entity);
    shape = {
      table: metadata.tableName,
      columns: new Map(
        metadata.columns.map((column) => [
          column.propertyName,
          { name: column.databaseName, json: column.type === 'jsonb' },
        ]),
      ),
      selectCache: new Map(),
    };
    shapes.set(entity as object, shape);
  }
  return shape;
}

function column(shape: EntityShape, property: string): { name: string; json: boolean } {
  const found = shape.columns.get(property);
  if (!found) throw new Error(`${shape.table} has no column for ${property}`);
  return found;
}

/** A jsonb value as PostgreSQL must receive it (node-pg would send a JS array as a PostgreSQL array). */
const valueFor = (json: boolean, value: unknown): unknown =>
  json && value !== null ? JSON.stringify(value) : value;

/** The entity's columns as a select list (`alias.column AS "property"`), for `SELECT … FROM <table> <alias>`. */
export function entityColumns(
  manager: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  alias: string,
): string {
  const shape = shapeOf(manager, entity);
  let list = shape.selectCache.get(alias);
  if (!list) {
    list = [...shape.columns].map(([property, { name }]) => `${alias}."${name}" AS "${property}"`).join(', ');
    shape.selectCache.set(alias, list);
  }
  return list;
}

/** PostgreSQL's limit of parameters in one statement (a 16-bit count). */
const MAX_PARAMETERS = 65_535;

/**
 * Multi-row INSERTs of `rows` (each with the same properties; an undefined value takes the column's default): one
 * statement, or several when the rows hold more values than one statement may carry. Answers the `returning`
 * properties of each row, in the order of `rows`.
 */
export async function insertEntities<E extends ObjectLiteral, K extends keyof E & string = never>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  rows: readonly Partial<E>[],
  returning: readonly K[] = [],
): Promise<Pick<E, K>[]> {
  const [first] = rows;
  if (!first) return [];
  const shape = shapeOf(manager, entity);
  const properties = Object.keys(first);
  const columns = properties.map((property) => column(shape, property));
  const head = `INSERT INTO ${shape.table} (${columns.map(({ name }) => `"${name}"`).join(', ')}) VALUES `;
  const answer = returning.map((property) => `"${column(shape, property).name}" AS "${property}"`).join(', ');
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(1, columns.length)));
  const answers: Pick<E, K>[] = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const parameters: unknown[] = [];
    const tuples = rows.slice(start, start + perStatement).map((row) => {
      const values = columns.map(({ json }, index) => {
        const value: unknown = row[properties[index] as string];
        return value === undefined ? 'DEFAULT' : `$${parameters.push(valueFor(json, value))}`;
      });
      return `(${values.join(', ')})`;
    });
    const sql = head + tuples.join(', ') + (answer ? ` RETURNING ${answer}` : '');
    answers.push(...(await manager.query<Pick<E, K>[]>(sql, parameters)));
  }
  return answers;
}

/** UPDATE of one row by id: the given properties only. */
export async function updateEntity<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  id: string,
  changes: Partial<E>,
): Promise<void> {
  const shape = shapeOf(manager, entity);
  const parameters: unknown[] = [id];
  const assignments = Object.entries(changes)
    .filter(([, value]) => value !== undefined)
    .map(([property, value]) => {
      const { name, json } = column(shape, property);
      return `"${name}" = $${parameters.push(valueFor(json, value))}`;
    });
  if (assignments.length === 0) return;
  await manager.query(`UPDATE ${shape.table} SET ${assignments.join(', ')} WHERE id = $1`, parameters);
}

/** Every property the entity maps to a column (for a RETURNING of the whole row). */
export function entityProperties<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
): (keyof E & string)[] {
  return [...shapeOf(manager, entity).columns.keys()] as (keyof E & string)[];
}

/**
 * UPDATE of one row by id, optionally adding 1 to a counter, returning the whole row as it now is (null when no row
 * has that id).
 */
export async function updateEntityReturning<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  id: string,
  changes: Partial<E>,
  increment?: keyof E & string,
): Promise<E | null> {
  const shape = shapeOf(manager, entity);
  const parameters: unknown[] = [id];
  const assignments = Object.entries(changes)
    .filter(([property, value]) => value !== undefined && property !== increment)
    .map(([property, value]) => {
      const { name, json } = column(shape, property);
      return `"${name}" = $${parameters.push(valueFor(json, value))}`;
    });
  if (increment) {
    const { name } = column(shape, increment);
    assignments.push(`"${name}" = "${name}" + 1`);
  }
  if (assignments.length === 0) throw new Error(`an update of ${shape.table} changes nothing`);
  // TypeORM answers an UPDATE with [rows, row count].
  const [rows] = await manager.query<[E[], number]>(
    `UPDATE ${shape.table} SET ${assignments.join(', ')} WHERE id = $1 RETURNING ${entityColumns(manager, entity, shape.table)}`,
    parameters,
  );
  return rows[0] ?? null;
}
