import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { Body, Catch, Controller, Get, Header, HttpCode, Post, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { AppConfig } from '../config/app-config';
import { OAuthError } from './oauth-error';
import { Public } from './public.decorator';
import type { TokenRequest, TokenResponse } from './token.service';
import { TokenService } from './token.service';

@Catch(OAuthError)
class OAuthErrorFilter implements ExceptionFilter {
  catch(error: OAuthError, host: ArgumentsHost): void {
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(error.status)
      .setHeader('Cache-Control', 'no-store')
      .json({ error: error.error, error_description: error.description });
  }
}

/** SMART Backend Services: discovery and the token endpoint. Public: this is where credentials are presented. */
@Public()
@Controller()
export class TokenController {
  constructor(
    private readonly tokens: TokenService,
    private readonly config: AppConfig,
  ) {}

  @Post('auth/token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @UseFilters(OAuthErrorFilter)
  token(@Body() body: TokenRequest | undefined): Promise<TokenResponse> {
    return this.tokens.issue(body ?? {});
  }

  @Get('.well-known/smart-configuration')
  smartConfiguration(): object {
    return {
      token_endpoint: this.config.tokenUrl,
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
      grant_types_supported: ['client_credentials'],
      scopes_supported: ['system/*.read', 'system/*.write', 'system/Observation.c', 'system/Observation.rs'],
      capabilities: ['client-confidential-asymmetric'],
    };
  }
}
