import { z } from 'zod';

/** SMART v1 (read, write, *) and v2 (c, r, u, d, s) system scopes, e.g. system/Observation.write, system/*.cruds. */
export const SCOPE_PATTERN = /^system\/(\*|[A-Z][A-Za-z]+)\.(read|write|\*|c?r?u?d?s?)$/;

/**
 * EPR systems registered to obtain tokens the SMART Backend Services way: each signs a JWT with its private key,
 * and Beacon checks it against the public keys registered here (inline JWKS or a JWKS URL).
 */
export const CLIENTS_SCHEMA = z.object({
  clients: z
    .array(
      z
        .object({
          clientId: z
            .string()
            .max(256)
            .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only'),
          name: z.string().min(1),
          /** Identifies where this client's resources come from (ids are unique per source system). */
          sourceSystem: z.string().min(1),
          /** The most this client may be granted. */
          scopes: z.array(z.string().regex(SCOPE_PATTERN, 'not a SMART system scope')).min(1),
          jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1) }).optional(),
          jwksUrl: z.url({ protocol: /^https?$/ }).optional(),
        })
        .refine(
          (client) => Boolean(client.jwks) !== Boolean(client.jwksUrl),
          'exactly one of jwks and jwksUrl is required',
        ),
    )
    .default([]),
});

export type ClientsConfig = z.infer<typeof CLIENTS_SCHEMA>;
export type RegisteredClient = ClientsConfig['clients'][number];
