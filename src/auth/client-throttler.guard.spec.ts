import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ThrottlerLimitDetail, ThrottlerStorage } from '@nestjs/throttler';
import { eprClient, staff } from '../../test/unit/support/staff';
import { ClientThrottlerGuard } from './client-throttler.guard';
import { OAuthError } from './oauth-error';
import type { Principal } from './principal';
import { TokenController } from './token.controller';
import type { TokenService } from './token.service';

/** The guard's protected steps, as ThrottlerGuard calls them. */
interface Steps {
  getTracker(request: Record<string, unknown>, context?: ExecutionContext): Promise<string>;
  throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void>;
  shouldSkip(context: ExecutionContext): Promise<boolean>;
}

class OtherController {}

const contextOf = (controller: object, request: object = {}, type = 'http') =>
  ({
    getType: () => type,
    getClass: () => controller,
    getHandler: () => () => undefined,
    switchToHttp: () => ({ getRequest: () => request }),
  }) as unknown as ExecutionContext;

function setUp() {
  const tokens = { signerOf: jest.fn<Promise<string | undefined>, [unknown]>().mockResolvedValue(undefined) };
  const guard = new ClientThrottlerGuard(
    { throttlers: [{ limit: 10, ttl: 60_000 }] },
    {} as ThrottlerStorage,
    new Reflector(),
    tokens as unknown as TokenService,
  );
  return { tokens, steps: guard as unknown as Steps };
}

const request = (principal?: Principal, body?: unknown) => ({ principal, ip: '10.0.0.7', body });

describe('ClientThrottlerGuard: whose bucket a request counts against', () => {
  it('counts an EPR by its client, and a person by their user id, wherever they call from', async () => {
    const { steps } = setUp();
    await expect(steps.getTracker(request(eprClient))).resolves.toBe('client:epr-1');
    await expect(steps.getTracker(request(staff()))).resolves.toBe('staff:midwife.1');
  });

  it('counts a token request by the registered client whose key signed its assertion', async () => {
    const { steps, tokens } = setUp();
    tokens.signerOf.mockResolvedValue('epr-1');
    const body = { client_assertion: 'signed.jwt.here' };
    await expect(steps.getTracker(request(undefined, body), contextOf(TokenController))).resolves.toBe(
      'token-client:epr-1',
    );
    expect(tokens.signerOf).toHaveBeenCalledWith('signed.jwt.here');
  });

  it('counts an unknown signer, and anything unauthenticated elsewhere, by the caller’s address', async () => {
    const { steps, tokens } = setUp();
    await expect(steps.getTracker(request(undefined, {}), contextOf(TokenController))).resolves.toBe(
      'ip:10.0.0.7',
    );
    await expect(steps.getTracker(request(), contextOf(OtherController))).resolves.toBe('ip:10.0.0.7');
    expect(tokens.signerOf).toHaveBeenCalledTimes(1);
    await expect(steps.getTracker({})).resolves.toBe('ip:unknown');
  });
});

describe('ClientThrottlerGuard: what is refused, and how', () => {
  const detail = { limit: 10, timeToBlockExpire: 42 } as ThrottlerLimitDetail;

  it('answers the token endpoint in OAuth’s words: 429 temporarily_unavailable with the wait', async () => {
    const { steps } = setUp();
    const refused = steps.throwThrottlingException(contextOf(TokenController), detail);
    await expect(refused).rejects.toBeInstanceOf(OAuthError);
    await expect(refused).rejects.toMatchObject({
      status: 429,
      error: 'temporarily_unavailable',
      description: 'too many token requests (10 a minute); retry after 42 s',
    });
  });

  it('refuses anything else with the FHIR API’s 429', async () => {
    const { steps } = setUp();
    await expect(steps.throwThrottlingException(contextOf(OtherController), detail)).rejects.toMatchObject({
      status: 429,
    });
    await expect(
      steps.throwThrottlingException(contextOf(OtherController), detail),
    ).rejects.not.toBeInstanceOf(OAuthError);
  });

  it('limits the API, but never the health probes nor anything that is not HTTP', async () => {
    const { steps } = setUp();
    await expect(steps.shouldSkip(contextOf(OtherController, { path: '/fhir/Observation' }))).resolves.toBe(
      false,
    );
    await expect(steps.shouldSkip(contextOf(OtherController, { path: '/health/ready' }))).resolves.toBe(true);
    await expect(steps.shouldSkip(contextOf(OtherController, { path: '/' }, 'ws'))).resolves.toBe(true);
  });
});
