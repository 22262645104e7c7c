/**
 * The floor of `npm run bench`: the same HTTP → socket path as Beacon with the queue and the database taken out.
 * A bare node:http server and a socket.io server on `/ward`: a POSTed Bundle is parsed, answered 200, and in the
 * same tick its patient's ward room gets a `score:updated` shaped like Beacon's (only the fields the bench reads).
 * Run as its own process (like Beacon) so it does not share the generator's event loop:
 *   node <loader> bench/floor-server.ts <roster.json>   → prints "floor listening <port>"
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { Server } from 'socket.io';
import type { BenchPatient } from './roster';

const rosterFile = process.argv[2];
if (!rosterFile) throw new Error('usage: floor-server.ts <roster.json>');
const roster = new Map(
  (JSON.parse(readFileSync(rosterFile, 'utf8')) as BenchPatient[]).map((patient) => [
    `Patient/${patient.sourceId}`,
    patient,
  ]),
);
const sequence = new Map<string, number>();
let sets = 0;

interface BundleEntry {
  readonly resource?: {
    readonly subject?: { readonly reference?: string };
    readonly effectiveDateTime?: string;
  };
}

function receive(request: IncomingMessage, response: ServerResponse): void {
  if (request.method !== 'POST' || request.url !== '/fhir') {
    response.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    let first: BundleEntry['resource'];
    try {
      first = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { entry?: BundleEntry[] }).entry?.[0]
        ?.resource;
    } catch {
      response.writeHead(400).end();
      return;
    }
    const patient = roster.get(first?.subject?.reference ?? '');
    response.writeHead(200, { 'Content-Type': 'application/fhir+json' });
    response.end('{"resourceType":"Bundle","type":"transaction-response"}');
    if (!patient || !first?.effectiveDateTime) return;
    const seq = (sequence.get(patient.wardId) ?? 0) + 1;
    sequence.set(patient.wardId, seq);
    sets += 1;
    wards.to(`ward:${patient.wardId}`).emit('score:updated', {
      wardId: patient.wardId,
      seq,
      tile: {
        patientId: patient.sourceId,
        wardId: patient.wardId,
        bed: patient.bed,
        latest: { setId: `floor-${sets}`, effectiveAt: first.effectiveDateTime },
      },
    });
  });
}

const http = createServer(receive);
const io = new Server(http, { transports: ['websocket'], serveClient: false });
const wards = io.of('/ward');
wards.use((socket, next) => {
  const auth = socket.handshake.auth as { token?: unknown };
  next(typeof auth.token === 'string' ? undefined : new Error('auth.token is required'));
});
wards.on('connection', (socket) => {
  socket.on('ward:join', (input: { wardId: string }, ack: (reply: unknown) => void) => {
    void socket.join(`ward:${input.wardId}`);
    ack({ data: { wardId: input.wardId, seq: sequence.get(input.wardId) ?? 0 } });
  });
});
http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  process.stdout.write(`floor listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.once('SIGTERM', () => {
  void io.close(() => process.exit(0));
});
