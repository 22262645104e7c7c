import type { ChartDefinition } from './chart';

/** One difference between two versions of a chart; `from` undefined: added, `to` undefined: removed. */
export interface ChartChange {
  /** Where, in the chart's own words: parameters[respiratoryRate].variants[0].bands[2].to */
  readonly path: string;
  readonly from?: unknown;
  readonly to?: unknown;
}

type Json = unknown;

const isObject = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Lists of parameters, risk levels and responses are compared by their id, not their position. */
function keyOf(item: Json): string | undefined {
  if (!isObject(item)) return undefined;
  const key = item.id ?? item.level;
  return typeof key === 'string' ? key : undefined;
}

function compare(path: string, from: Json, to: Json, changes: ChartChange[]): void {
  if (JSON.stringify(from) === JSON.stringify(to)) return;
  if (Array.isArray(from) && Array.isArray(to)) {
    compareLists(path, from as Json[], to as Json[], changes);
    return;
  }
  if (isObject(from) && isObject(to)) {
    for (const key of new Set([...Object.keys(from), ...Object.keys(to)])) {
      compare(path ? `${path}.${key}` : key, from[key], to[key], changes);
    }
    return;
  }
  changes.push({ path, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
}

function compareLists(path: string, from: Json[], to: Json[], changes: ChartChange[]): void {
  const keyed = [...from, ...to].every((item) => keyOf(item) !== undefined);
  if (keyed) {
    const before = new Map(from.map((item) => [keyOf(item), item]));
    const after = new Map(to.map((item) => [keyOf(item), item]));
    for (const [key, item] of before) compare(`${path}[${key}]`, item, after.get(key), changes);
    for (const [key, item] of after)
      if (!before.has(key)) compare(`${path}[${key}]`, undefined, item, changes);
    return;
  }
  const length = Math.max(from.length, to.length);
  for (let index = 0; index < length; index += 1)
    compare(`${path}[${index}]`, from[index], to[index], changes);
}

/** What changed from one version of a chart to another (the file each was loaded from is not part of it). */
export function chartDiff(from: ChartDefinition, to: ChartDefinition): ChartChange[] {
  const changes: ChartChange[] = [];
  const { file: _fromFile, ...before } = from;
  const { file: _toFile, ...after } = to;
  compare('', before, after, changes);
  return changes;
}
