/** An error of the token endpoint, answered in the OAuth 2.0 format (RFC 6749 §5.2), not as a FHIR outcome. */
export class OAuthError extends Error {
  constructor(
    readonly error:
      | 'invalid_request'
      | 'invalid_client'
      | 'invalid_grant'
      | 'invalid_scope'
      | 'unsupported_grant_type'
      /** Too many requests (429): RFC 6749 has no code for it; this is its nearest ("try again later"). */
      | 'temporarily_unavailable',
    readonly description: string,
    readonly status = error === 'invalid_client' ? 401 : 400,
  ) {
    super(description);
  }
}
