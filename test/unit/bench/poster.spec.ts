import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { PostOutcome } from '../../../bench/poster';
import { BundlePoster } from '../../../bench/poster';

describe('the bench Bundle poster', () => {
  let server: Server;
  let url: string;
  const seen: { method?: string; url?: string; authorization?: string; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({
          method: request.method,
          url: request.url,
          authorization: request.headers.authorization,
          body,
        });
        const { answer } = JSON.parse(body) as { answer: string };
        if (answer === 'never') return;
        if (answer === 'refuse') response.writeHead(503).end('{"resourceType":"OperationOutcome"}');
        else response.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (poster: BundlePoster, client: number, answer: string) =>
    new Promise<PostOutcome | 'shed'>((resolve) => {
      if (!poster.post(client, { answer }, (_at, outcome) => resolve(outcome))) resolve('shed');
    });

  it("posts each Bundle to /fhir with its client's token and reports the answer", async () => {
    const poster = new BundlePoster([url], ['token-a', 'token-b'], 10, 5_000);
    expect(await post(poster, 1, 'accept')).toEqual({ status: 200 });
    expect(await post(poster, 0, 'refuse')).toEqual({
      status: 503,
      detail: '{"resourceType":"OperationOutcome"}',
    });
    expect(seen.slice(-2)).toEqual([
      { method: 'POST', url: '/fhir', authorization: 'Bearer token-b', body: '{"answer":"accept"}' },
      { method: 'POST', url: '/fhir', authorization: 'Bearer token-a', body: '{"answer":"refuse"}' },
    ]);
    expect(poster.inFlight).toBe(0);
  });

  it('reports a request never answered as a timeout, and sheds arrivals beyond the in-flight bound', async () => {
    const poster = new BundlePoster([url], ['token'], 1, 200);
    const waiting = post(poster, 0, 'never');
    expect(await post(poster, 0, 'accept')).toBe('shed');
    expect(await waiting).toEqual({ error: 'timeout' });
    expect(poster.inFlight).toBe(0);
  });
});
