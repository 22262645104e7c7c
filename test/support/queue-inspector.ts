import { Queue } from 'bullmq';
import type { JobName, QueueName } from '../../src/queue/queue.constants';

/** Reads what a test run's queues hold (every state), to count the jobs a scenario produced. */
export async function jobsIn(
  redisUrl: string,
  prefix: string,
  queue: QueueName,
  name: JobName,
): Promise<{ id: string; data: Record<string, unknown>; state: string; returnValue: unknown }[]> {
  const reader = new Queue(queue, { connection: { url: redisUrl }, prefix });
  try {
    const jobs = await reader.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized']);
    return Promise.all(
      jobs
        .filter((job) => job.name === (name as string))
        .map(async (job) => ({
          id: job.id ?? '',
          data: job.data as Record<string, unknown>,
          state: await job.getState(),
          returnValue: job.returnvalue as unknown,
        })),
    );
  } finally {
    await reader.close();
  }
}
