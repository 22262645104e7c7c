import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TestFhirServer } from '../support/fhir-server';

const SECRET_URL = 'https://www.medplum.com/fhir/StructureDefinition/subscription-secret';

interface Receiver {
  readonly url: string;
  readonly received: { headers: IncomingHttpHeaders; body: string }[];
  status: number;
  close(): Promise<void>;
}

/** A rest-hook endpoint on an ephemeral loopback port that records what it is sent and answers `status`. */
async function startReceiver(): Promise<Receiver> {
  const received: Receiver['received'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(receiver.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/hooks/fhir`,
    received,
    status: 200,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
  return receiver;
}

function subscription(
  endpoint: string,
  extra: Partial<fhir4.Subscription['channel']> = {},
): fhir4.Subscription {
  return {
    resourceType: 'Subscription',
    status: 'requested',
    reason: 'Beacon test',
    criteria: 'Observation',
    channel: { type: 'rest-hook', endpoint, ...extra },
  };
}

function observation(text: string, status: fhir4.Observation['status'] = 'final'): fhir4.Observation {
  return { resourceType: 'Observation', status, code: { text } };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('TestFhirServer (Medplum in-memory FHIR engine)', () => {
  let fhir: TestFhirServer;
  let receiver: Receiver;

  beforeEach(async () => {
    fhir = await TestFhirServer.start({ deliveryRetries: 2, retryDelayMs: 50 });
    receiver = await startReceiver();
  });

  afterEach(async () => {
    await fhir?.stop();
    await receiver?.close();
  });

  it('creates, reads and vreads over HTTP and answers /metadata', async () => {
    const post = await fetch(`${fhir.baseUrl}/Observation`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({ ...observation('over http'), id: 'client-chosen' }),
    });
    expect(post.status).toBe(201);
    expect(post.headers.get('content-type')).toContain('application/fhir+json');
    const created = (await post.json()) as fhir4.Observation;
    expect(created.id).toBeTruthy();
    expect(created.id).not.toBe('client-chosen');
    expect(post.headers.get('location')).toBe(
      `${fhir.baseUrl}/Observation/${created.id}/_history/${created.meta?.versionId}`,
    );

    const updated = await fhir.update({ ...created, status: 'amended' as const });
    expect(updated.meta.versionId).not.toBe(created.meta?.versionId);
    expect(await fhir.read('Observation', created.id!)).toEqual(updated);

    const vread = await fetch(
      `${fhir.baseUrl}/Observation/${created.id}/_history/${created.meta?.versionId}`,
    );
    expect(vread.status).toBe(200);
    expect(await vread.json()).toMatchObject({
      status: 'final',
      meta: { versionId: created.meta?.versionId },
    });

    const missing = await fetch(`${fhir.baseUrl}/Observation/does-not-exist`);
    expect(missing.status).toBe(404);
    const invalid = await fetch(`${fhir.baseUrl}/Observation`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Observation', code: { text: 'no status' } }),
    });
    expect(invalid.status).toBe(400);

    const metadata = await fetch(`${fhir.baseUrl}/metadata`);
    expect(metadata.status).toBe(200);
    expect(await metadata.json()).toMatchObject({
      resourceType: 'CapabilityStatement',
      fhirVersion: '4.0.1',
    });
  });

  it('searches by _lastUpdated=ge with _sort=_lastUpdated, paging through absolute next links', async () => {
    await fhir.create(observation('before the window'));
    await sleep(5);
    const since = new Date().toISOString();
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      created.push((await fhir.create(observation(`obs ${i}`))).id);
      await sleep(2);
    }

    const seen: string[] = [];
    let pages = 0;
    let next: string | undefined =
      `${fhir.baseUrl}/Observation?_lastUpdated=ge${encodeURIComponent(since)}&_sort=_lastUpdated&_count=2`;
    while (next) {
      const response = await fetch(next, { headers: { Accept: 'application/fhir+json' } });
      expect(response.status).toBe(200);
      const bundle = (await response.json()) as fhir4.Bundle;
      expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 5 });
      expect(bundle.entry!.length).toBeLessThanOrEqual(2);
      seen.push(...(bundle.entry ?? []).map((entry) => entry.resource!.id!));
      next = bundle.link?.find((link) => link.relation === 'next')?.url;
      if (next) expect(next.startsWith(fhir.baseUrl + '/Observation?')).toBe(true);
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(created);

    const descending = (await fhir.search(
      `Observation?_lastUpdated=ge${since}&_sort=-_lastUpdated&_count=10`,
    )) as fhir4.Bundle;
    expect(descending.entry!.map((entry) => entry.resource!.id)).toEqual([...created].reverse());
  });

  it('delivers the bare resource to a rest-hook with the channel headers and a valid X-Signature', async () => {
    const secret = 'hook-secret';
    const subscribe = await fetch(`${fhir.baseUrl}/Subscription`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({
        ...subscription(receiver.url, {
          payload: 'application/fhir+json',
          header: ['Authorization: Bearer hook-token'],
        }),
        extension: [{ url: SECRET_URL, valueString: secret }],
      }),
    });
    expect(subscribe.status).toBe(201);
    const sub = (await subscribe.json()) as fhir4.Subscription;
    expect(sub.status).toBe('requested');
    const found = (await fhir.search(`Subscription?url=${receiver.url}`)) as fhir4.Bundle;
    expect(found.entry?.map((entry) => entry.resource?.id)).toEqual([sub.id]);

    await fhir.create({ resourceType: 'Patient', name: [{ family: 'Unmatched' }] });
    const obs = await fhir.create(observation('heart rate'));
    await fhir.waitForDeliveries(1);

    expect(receiver.received).toHaveLength(1);
    const [hit] = receiver.received;
    expect(JSON.parse(hit!.body)).toEqual(obs);
    expect(hit!.headers['content-type']).toBe('application/fhir+json');
    expect(hit!.headers.authorization).toBe('Bearer hook-token');
    expect(hit!.headers['x-medplum-subscription']).toBe(sub.id);
    expect(hit!.headers['x-signature']).toBe(createHmac('sha256', secret).update(hit!.body).digest('hex'));
    expect(fhir.deliveries[0]).toMatchObject({
      url: receiver.url,
      status: 200,
      resourceType: 'Observation',
      id: obs.id,
      versionId: obs.meta.versionId,
    });

    // An update made by a client over HTTP fires too.
    const put = await fetch(`${fhir.baseUrl}/Observation/${obs.id}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({ ...obs, status: 'amended' }),
    });
    expect(put.status).toBe(200);
    await fhir.waitForDeliveries(2);
    expect(JSON.parse(receiver.received[1]!.body)).toMatchObject({ id: obs.id, status: 'amended' });
    expect(fhir.deliveries[1]!.versionId).not.toBe(obs.meta.versionId);
  });

  it('only delivers resources matching the criteria search', async () => {
    await fhir.create({ ...subscription(receiver.url), criteria: 'Observation?status=preliminary' });
    await fhir.create(observation('final one'));
    const preliminary = await fhir.create(observation('preliminary one', 'preliminary'));
    await fhir.waitForDeliveries(1);
    await sleep(200);
    expect(fhir.deliveries.map((delivery) => delivery.id)).toEqual([preliminary.id]);
  });

  it('delivers nothing while deliveriesEnabled is false, not even later', async () => {
    await fhir.create(subscription(receiver.url, { payload: 'application/fhir+json' }));
    fhir.deliveriesEnabled = false;
    const missed = await fhir.create(observation('missed'));
    await sleep(300);
    expect(fhir.deliveries).toHaveLength(0);
    expect(receiver.received).toHaveLength(0);

    fhir.deliveriesEnabled = true;
    const seen = await fhir.create(observation('seen'));
    await fhir.waitForDeliveries(1);
    await sleep(200);
    expect(fhir.deliveries.map((delivery) => delivery.id)).toEqual([seen.id]);
    expect(fhir.deliveries.map((delivery) => delivery.id)).not.toContain(missed.id);
  });

  it('retries a failing endpoint deliveryRetries times, then gives up', async () => {
    receiver.status = 500;
    await fhir.create(subscription(receiver.url, { payload: 'application/fhir+json' }));
    await fhir.create(observation('unlucky'));
    await fhir.waitForDeliveries(3);
    await sleep(400);
    expect(fhir.deliveries.map((delivery) => delivery.status)).toEqual([500, 500, 500]);
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((hit) => hit.body)).size).toBe(1);
  });

  it('records network errors as attempts with status "error"', async () => {
    const gone = await startReceiver();
    const goneUrl = gone.url;
    await gone.close();
    await fhir.create(subscription(goneUrl));
    await fhir.create(observation('nobody listening'));
    await fhir.waitForDeliveries(3);
    await sleep(300);
    expect(fhir.deliveries.map((delivery) => delivery.status)).toEqual(['error', 'error', 'error']);
  });

  it('sends an empty-bodied ping when channel.payload is absent', async () => {
    const sub = await fhir.create(subscription(receiver.url));
    const obs = await fhir.create(observation('ping me'));
    await fhir.waitForDeliveries(1);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.body).toBe('');
    expect(receiver.received[0]!.headers['x-medplum-subscription']).toBe(sub.id);
    expect(fhir.deliveries[0]).toMatchObject({ body: '', status: 200, id: obs.id });
  });

  it('rejects waitForDeliveries after its timeout', async () => {
    await expect(fhir.waitForDeliveries(1, 100)).rejects.toThrow(
      /1 rest-hook deliveries within 100 ms, saw 0/,
    );
  });
});
