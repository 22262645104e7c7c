import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = Symbol('IS_PUBLIC');

/** Opts a route out of authentication. Only health probes and token issuance are public (docs/security.md). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
