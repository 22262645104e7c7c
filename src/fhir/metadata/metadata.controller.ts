import { Controller, Get, Header, Param } from '@nestjs/common';
import { Public } from '../../auth/public.decorator';
import { AppConfig } from '../../config/app-config';
import { HttpError } from '../../http/http-error';
import { BEACON_CODE_SYSTEMS } from './beacon-code-systems';
import { capabilityStatement } from './capability-statement';

/**
 * Discovery: the CapabilityStatement and Beacon's CodeSystems. Public, as the SMART and FHIR specifications expect
 * of discovery endpoints; they describe the service and carry no patient data (docs/security.md).
 */
@Public()
@Controller('fhir')
export class MetadataController {
  constructor(private readonly config: AppConfig) {}

  @Get('metadata')
  @Header('Content-Type', 'application/fhir+json')
  metadata(): fhir4.CapabilityStatement {
    return capabilityStatement({
      publicUrl: this.config.env.BEACON_PUBLIC_URL,
      version: this.config.version,
    });
  }

  @Get('CodeSystem/:id')
  @Header('Content-Type', 'application/fhir+json')
  codeSystem(@Param('id') id: string): fhir4.CodeSystem {
    const system = BEACON_CODE_SYSTEMS[id];
    if (!system)
      throw HttpError.of(
        404,
        `CodeSystem/${id} is not one of Beacon's (${Object.keys(BEACON_CODE_SYSTEMS).join(', ')})`,
      );
    return system;
  }
}
