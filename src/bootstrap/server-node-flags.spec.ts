import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_NODE_FLAGS } from './server-node-flags';

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** Every way of starting a server process passes the same flags, so what the bench measures is what runs. */
describe('server processes are started with SERVER_NODE_FLAGS', () => {
  it('sets a heap limit', () => {
    expect(SERVER_NODE_FLAGS).toEqual([expect.stringMatching(/^--max-old-space-size=\d+$/)]);
  });

  it('in npm start and npm run start:worker', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['start']).toContain(`node ${SERVER_NODE_FLAGS.join(' ')} dist/src/main.js`);
    expect(scripts['start:worker']).toContain(`node ${SERVER_NODE_FLAGS.join(' ')} dist/src/worker.js`);
  });

  it('in the Dockerfile and in both docker-compose services', () => {
    const json = (entry: string) => JSON.stringify(['node', ...SERVER_NODE_FLAGS, entry]);
    expect(read('Dockerfile')).toContain(`CMD ${json('dist/src/main.js').replace(/,/g, ', ')}`);
    const compose = read('docker-compose.yml').replace(/'/g, '"');
    expect(compose).toContain(`command: ${json('dist/src/main.js').replace(/,/g, ', ')}`);
    expect(compose).toContain(`command: ${json('dist/src/worker.js').replace(/,/g, ', ')}`);
  });

  it('in the bench, the chaos harness and the start-up tests', () => {
    for (const file of ['bench/main.ts', 'bench/chaos/cluster.ts', 'test/support/beacon-process.ts'])
      expect(read(file)).toContain('...SERVER_NODE_FLAGS');
  });
});
