import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a V8 .cpuprofile this summary reads. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileEntry {
  readonly name: string;
  readonly percent: number;
  readonly ms: number;
}

export interface CpuProfileSummary {
  readonly file: string;
  readonly sampledMs: number;
  /** Self time by where the code lives: a package, a Beacon folder, node internals, GC, idle. */
  readonly top: readonly ProfileEntry[];
  readonly topFunctions: readonly ProfileEntry[];
}

/** Where a frame's code lives: `pkg:<npm package>`, `beacon:<src folder>`, `node`, or V8's own pseudo-frames. */
function placeOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `pkg:${pkg[1]}`;
  const own = /\/dist\/src\/([^/]+)/.exec(url);
  if (own) return `beacon:${own[1]?.replace(/\.js$/, '')}`;
  if (url.startsWith('node:')) return 'node';
  return url;
}

function top(selfMs: Map<string, number>, totalMs: number, count: number): ProfileEntry[] {
  return [...selfMs]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => ({ name, ms: Math.round(ms), percent: Math.round((ms / totalMs) * 1000) / 10 }));
}

/** Self time of the newest .cpuprofile in `dir` (what `node --cpu-prof` wrote at exit), or null if none. */
export function summariseCpuProfile(dir: string): CpuProfileSummary | null {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((name) => name.endsWith('.cpuprofile'))
      .sort();
  } catch {
    return null;
  }
  const name = files.at(-1);
  if (!name) return null;
  const profile = JSON.parse(readFileSync(join(dir, name), 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let totalMs = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const frame = frames.get(id);
    if (!frame) return;
    totalMs += ms;
    const place = placeOf(frame.url, frame.functionName);
    byPlace.set(place, (byPlace.get(place) ?? 0) + ms);
    const fn = `${frame.functionName || '(anonymous)'} ${place}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  });
  return {
    file: join(dir, name),
    sampledMs: Math.round(totalMs),
    top: top(byPlace, totalMs, 15),
    topFunctions: top(byFunction, totalMs, 20),
  };
}
