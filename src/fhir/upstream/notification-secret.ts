import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Constant-time comparison that also hides the length of the secret. */
function safeEqual(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * Whether a delivery proves it knows the subscription secret: as `Authorization: Bearer <secret>` (the header Beacon
 * puts in its Subscription) or as `X-Signature`, a hex HMAC-SHA256 of the exact body bytes (Medplum).
 */
export function deliveryAuthenticated(
  secret: string,
  headers: { authorization?: string | undefined; signature?: string | undefined },
  rawBody: Buffer | undefined,
): boolean {
  if (!secret) return false;
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
  if (bearer && safeEqual(bearer, secret)) return true;
  if (headers.signature) {
    const expected = createHmac('sha256', secret)
      .update(rawBody ?? Buffer.alloc(0))
      .digest('hex');
    return safeEqual(headers.signature.trim().toLowerCase(), expected);
  }
  return false;
}
