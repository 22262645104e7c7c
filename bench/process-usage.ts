import { readFileSync, readdirSync } from 'node:fs';

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks (100 on every mainstream kernel build). */
const TICKS_PER_SECOND = 100;

export interface ProcessSample {
  /**
   * User + system CPU seconds since the process started, summed over the pids, with the CPU of their children that
   * have ended: a PostgreSQL backend that closes between two samples still counts, through the postmaster.
   */
  readonly cpuSeconds: number;
  readonly rssBytes: number;
  /** The largest RSS any one of the pids has had. */
  readonly peakRssBytes: number;
}

function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at ") "; utime and stime are fields 14 and 15,
  // cutime and cstime (children waited for) 16 and 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
  return ticks / TICKS_PER_SECOND;
}

function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
}

/** CPU and memory of a group of processes (one node process, or every PostgreSQL backend); null when unreadable. */
export function sampleProcesses(pids: readonly number[]): ProcessSample | null {
  let cpuSeconds = 0;
  let rssBytes = 0;
  let peakRssBytes = 0;
  let read = 0;
  for (const pid of pids) {
    try {
      cpuSeconds += cpuSecondsOf(pid);
      const memory = memoryOf(pid);
      rssBytes += memory.rss;
      peakRssBytes = Math.max(peakRssBytes, memory.hwm);
      read += 1;
    } catch {
      // The process ended between listing and reading (a PostgreSQL backend closing): skip it.
    }
  }
  return read === 0 ? null : { cpuSeconds, rssBytes, peakRssBytes };
}

/** Every process whose command name is `name` (e.g. the postmaster and all PostgreSQL backends). */
export function pidsNamed(name: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  return entries
    .filter((entry) => {
      if (!/^\d+$/.test(entry)) return false;
      try {
        return readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name;
      } catch {
        return false;
      }
    })
    .map(Number);
}

export interface ProcessUsage {
  /** Share of one core over the interval, in percent (200 = two cores busy). */
  readonly cpuPercent: number;
  readonly rssMiB: number;
  readonly peakRssMiB: number;
}

export function usageBetween(
  before: ProcessSample | null,
  after: ProcessSample | null,
  seconds: number,
): ProcessUsage | null {
  if (!before || !after || seconds <= 0) return null;
  const mib = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
  return {
    cpuPercent: Math.round(((after.cpuSeconds - before.cpuSeconds) / seconds) * 1000) / 10,
    rssMiB: mib(after.rssBytes),
    peakRssMiB: mib(after.peakRssBytes),
  };
}
