/**
 * Development credentials (docs/integration.md):
 *   npm run --silent token -- --new-client <id> [--scope "system/*.write system/*.read"] [--source <system>]
 *       generates an ES384 key pair, keeps the private key in .secrets/<id>.private.jwk.json (git-ignored) and
 *       registers the public key in BEACON_CLIENTS_FILE (config/clients.json by default)
 *   npm run --silent token -- --client <id> [--scope "..."] [--url http://127.0.0.1:3000]
 *       signs a client assertion with that key, asks Beacon's token endpoint, prints the access token
 *   npm run --silent token -- --role <ward-display|midwife|coordinator|auditor|admin> [--ward <id>]... [--name "…"] [--hours 12]
 *       a development staff token signed with BEACON_TOKEN_SECRET (set it in .env; npm run demo does it for you)
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { JWK } from 'jose';
import { SignJWT, exportJWK, generateKeyPair, importJWK } from 'jose';
import { loadConfig } from '../config/app-config';
import type { ClientsConfig } from '../config/clients.schema';
import type { StaffRole } from '../auth/principal';
import { STAFF_ROLES } from '../auth/principal';
import { signStaffToken } from '../auth/staff-token';
import { failUsage, optionValue, runCommand } from './cli-io';

const SECRETS = resolve('.secrets');
const DEFAULT_SCOPE = 'system/*.write system/*.read';

function keyFile(clientId: string): string {
  return join(SECRETS, `${clientId}.private.jwk.json`);
}

async function newClient(clientId: string, args: string[]): Promise<number> {
  const config = loadConfig();
  const clientsFile = resolve(config.env.BEACON_CLIENTS_FILE);
  const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
  const kid = `${clientId}-${new Date().toISOString().slice(0, 10)}`;
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' };
  mkdirSync(SECRETS, { recursive: true, mode: 0o700 });
  writeFileSync(
    keyFile(clientId),
    JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: 'ES384' }, null, 2),
    { mode: 0o600 },
  );

  const registry: ClientsConfig = existsSync(clientsFile)
    ? (JSON.parse(readFileSync(clientsFile, 'utf8')) as ClientsConfig)
    : { clients: [] };
  const entry = {
    clientId,
    name: `${clientId} (development)`,
    sourceSystem: optionValue(args, '--source') ?? `urn:beacon:client:${clientId}`,
    scopes: (optionValue(args, '--scope') ?? DEFAULT_SCOPE).split(/\s+/),
    jwks: { keys: [publicJwk as Record<string, unknown>] },
  };
  registry.clients = [...registry.clients.filter((client) => client.clientId !== clientId), entry];
  mkdirSync(dirname(clientsFile), { recursive: true });
  writeFileSync(clientsFile, `${JSON.stringify(registry, null, 2)}\n`);
  process.stderr.write(
    `Registered ${clientId} in ${clientsFile} (restart Beacon to load it); private key in ${keyFile(clientId)}.\n` +
      `Get a token: npm run --silent token -- --client ${clientId}\n`,
  );
  return 0;
}

async function token(clientId: string, args: string[]): Promise<number> {
  const config = loadConfig();
  if (!existsSync(keyFile(clientId)))
    return failUsage(`token: no key for ${clientId}; create one with --new-client ${clientId}`);
  const jwk = JSON.parse(readFileSync(keyFile(clientId), 'utf8')) as JWK;
  const base = (optionValue(args, '--url') ?? config.env.BEACON_PUBLIC_URL).replace(/\/$/, '');
  const assertion = await new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: 'ES384', kid: jwk.kid ?? '', typ: 'JWT' })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(`${base}/auth/token`)
    .setExpirationTime('4m')
    .sign(await importJWK(jwk, 'ES384'));
  const response = await fetch(`${base}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope: optionValue(args, '--scope') ?? DEFAULT_SCOPE,
    }),
  });
  const body = (await response.json()) as {
    access_token?: string;
    error?: string;
    error_description?: string;
  };
  if (!response.ok || !body.access_token)
    return failUsage(`token: ${body.error ?? response.status}: ${body.error_description ?? ''}`);
  process.stdout.write(`${body.access_token}\n`);
  return 0;
}

async function staff(role: string, args: string[]): Promise<number> {
  const config = loadConfig();
  if (config.tokenSecretGenerated) {
    return failUsage(
      'token: set BEACON_TOKEN_SECRET (at least 32 characters, e.g. in .env) to mint staff tokens the running Beacon accepts',
    );
  }
  if (!(STAFF_ROLES as readonly string[]).includes(role))
    return failUsage(`token: --role must be one of ${STAFF_ROLES.join(', ')}`);
  const wards = args.flatMap((arg, index) =>
    arg === '--ward' && args[index + 1] ? [args[index + 1] as string] : [],
  );
  const unknown = wards.filter((ward) => !config.wards.wards.some((candidate) => candidate.id === ward));
  if (unknown.length > 0)
    return failUsage(`token: unknown ward(s) ${unknown.join(', ')} (see ${config.env.BEACON_WARD_CONFIG})`);
  const name = optionValue(args, '--name') ?? `Development ${role}`;
  const hours = Number(optionValue(args, '--hours') ?? 12);
  const token = await signStaffToken(
    config.tokenSecret,
    { userId: `dev-${role}-${randomUUID().slice(0, 8)}`, name, role: role as StaffRole, wards },
    Math.round(hours * 3600),
  );
  process.stdout.write(`${token}\n`);
  return 0;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const role = optionValue(args, '--role');
  if (role) return staff(role, args);
  const created = optionValue(args, '--new-client');
  if (created) return newClient(created, args);
  const client = optionValue(args, '--client');
  if (client) return token(client, args);
  return failUsage(
    'token: use --new-client <id> to register a development EPR client, or --client <id> to get an access token',
  );
}

runCommand('token', main);
