import { SESSION_CREDENTIAL, forgetToken } from '../shared/connection';

/** A refusal or failure from Beacon's API, in words (the OperationOutcome's diagnostics where there are some). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function problemOf(response: Response): Promise<ApiProblem> {
  let diagnostics = '';
  try {
    const outcome = (await response.json()) as { issue?: { diagnostics?: string }[] };
    diagnostics = (outcome.issue ?? []).map((issue) => issue.diagnostics ?? '').join('; ');
  } catch {
    // not an OperationOutcome: the status says enough
  }
  switch (response.status) {
    case 401:
      forgetToken();
      return new ApiProblem(401, 'Signed out: sign in again.');
    case 403:
      return new ApiProblem(403, `Refused: ${diagnostics || 'your sign-in may not see this.'}`);
    default:
      return new ApiProblem(response.status, diagnostics || `Beacon answered ${response.status}.`);
  }
}

/** GET from Beacon's API with the staff token (never in the URL) or the sign-in session's cookie. */
export async function apiGet(path: string, token: string, accept = 'application/json'): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      headers:
        token === SESSION_CREDENTIAL
          ? { Accept: accept }
          : { Authorization: `Bearer ${token}`, Accept: accept },
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiProblem(0, 'Cannot reach Beacon.');
  }
  if (!response.ok) throw await problemOf(response);
  return response;
}

export async function apiJson<T>(path: string, token: string): Promise<T> {
  return (await (await apiGet(path, token)).json()) as T;
}

/**
 * Downloads a file the API makes (the CSV export): fetched with the token, then saved from a blob, because a
 * plain link cannot carry the Authorization header.
 */
export async function download(path: string, token: string, fallbackName: string): Promise<void> {
  const response = await apiGet(path, token, 'text/csv');
  const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1];
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name ?? fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
