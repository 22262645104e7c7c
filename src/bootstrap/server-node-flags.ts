/**
 * Node's flags for a Beacon server process (api or worker), wherever one is started: `npm start`, the Dockerfile and
 * docker-compose.yml, the bench, the chaos harness and the start-up tests (a unit test keeps them in step).
 *
 * The heap limit keeps each process near its live heap instead of letting V8 grow it towards its default limit,
 * which depends on the machine's memory (about 4 GB on a 24 GB machine). Measured at 150 and 300 sets/s offered,
 * the api's peak RSS was 262–266 MB with the limit and 432–691 MB without it, at the same throughput
 * (docs/performance.md, "A heap limit for the server processes"). A process whose live heap passed the limit would
 * stop with an out-of-memory error and be restarted by its supervisor; nothing acknowledged is lost, because
 * every accepted observation is stored before it is acknowledged.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-old-space-size=384'];
