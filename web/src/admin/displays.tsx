import { useCallback, useEffect, useState } from 'preact/hooks';

interface PairedDisplay {
  readonly id: string;
  readonly wardId: string;
  readonly name: string;
  readonly pairedAt: string;
  readonly pairedBy: string;
  readonly lastContactAt: string | null;
  readonly revokedAt: string | null;
}

interface Listing {
  readonly wards: readonly { readonly id: string; readonly name: string }[];
  readonly displays: readonly PairedDisplay[];
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('en-GB') : '—');

async function problemOf(response: Response): Promise<string> {
  try {
    const outcome = (await response.json()) as { issue?: { diagnostics?: string }[] };
    return (
      (outcome.issue ?? []).map((issue) => issue.diagnostics ?? '').join('; ') ||
      `Beacon answered ${response.status}`
    );
  } catch {
    return `Beacon answered ${response.status}`;
  }
}

interface PairingRequest {
  readonly userCode: string;
  readonly wardId: string;
  readonly name?: string;
}

/** Pair a display by the code it shows (choosing its ward), and see or revoke the paired ones. */
export function DisplaysPage({ csrfToken }: { csrfToken: string }) {
  const [listing, setListing] = useState<Listing | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(async () => {
    const response = await fetch('/api/displays', { cache: 'no-store', credentials: 'same-origin' });
    if (!response.ok) {
      setMessage(await problemOf(response));
      return;
    }
    setListing((await response.json()) as Listing);
  }, []);

  useEffect(() => void load(), [load]);

  const post = async (path: string, body?: unknown): Promise<Response> =>
    fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken },
      body: JSON.stringify(body ?? {}),
    });

  const pair = async (request: PairingRequest): Promise<boolean> => {
    const response = await post('/api/displays/approve', request);
    if (response.ok) {
      const paired = (await response.json()) as PairedDisplay;
      setMessage(`Paired: ${paired.name}. The display opens its ward within a few seconds.`);
    } else setMessage(await problemOf(response));
    await load();
    return response.ok;
  };

  const revoke = async (display: PairedDisplay) => {
    const response = await post(`/api/displays/${display.id}/revoke`);
    setMessage(response.ok ? `Unpaired: ${display.name}.` : await problemOf(response));
    await load();
  };

  return (
    <main class="sign-in admin-displays">
      <h1>Ward displays</h1>
      {message ? (
        <p role="status" data-testid="message">
          {message}
        </p>
      ) : null}
      <PairForm wards={listing?.wards ?? []} onPair={pair} />
      <h2>Paired displays</h2>
      <DisplaysTable listing={listing} onRevoke={(display) => void revoke(display)} />
    </main>
  );
}

/** The code a display shows (from the link it printed, if any), its ward (the first until chosen) and a name. */
function PairForm({
  wards,
  onPair,
}: {
  wards: Listing['wards'];
  onPair: (request: PairingRequest) => Promise<boolean>;
}) {
  const [code, setCode] = useState(() => new URLSearchParams(window.location.search).get('code') ?? '');
  const [chosenWard, setWardId] = useState('');
  const [name, setName] = useState('');
  const wardId = chosenWard || wards[0]?.id || '';

  const approve = async (event: Event) => {
    event.preventDefault();
    if (await onPair({ userCode: code, wardId, ...(name ? { name } : {}) })) {
      setCode('');
      setName('');
    }
  };

  return (
    <form onSubmit={(event) => void approve(event)}>
      <h2>Pair a display</h2>
      <label>
        Code shown on the display{' '}
        <input
          name="code"
          value={code}
          required
          autocomplete="off"
          onInput={(event) => setCode((event.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        Ward{' '}
        <select
          name="ward"
          value={wardId}
          onChange={(event) => setWardId((event.target as HTMLSelectElement).value)}
        >
          {wards.map((ward) => (
            <option key={ward.id} value={ward.id}>
              {ward.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Name (optional){' '}
        <input
          name="name"
          value={name}
          onInput={(event) => setName((event.target as HTMLInputElement).value)}
        />
      </label>
      <button type="submit">Pair</button>
    </form>
  );
}

function DisplaysTable({
  listing,
  onRevoke,
}: {
  listing: Listing | null;
  onRevoke: (display: PairedDisplay) => void;
}) {
  return (
    <table data-testid="displays">
      <thead>
        <tr>
          <th>Display</th>
          <th>Ward</th>
          <th>Paired by</th>
          <th>Paired</th>
          <th>Last contact</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {(listing?.displays ?? []).map((display) => (
          <tr key={display.id} data-display-id={display.id}>
            <td>{display.name}</td>
            <td>{listing?.wards.find((ward) => ward.id === display.wardId)?.name ?? display.wardId}</td>
            <td>{display.pairedBy}</td>
            <td>{when(display.pairedAt)}</td>
            <td>{when(display.lastContactAt)}</td>
            <td>
              {display.revokedAt ? (
                `Unpaired ${when(display.revokedAt)}`
              ) : (
                <button type="button" onClick={() => onRevoke(display)}>
                  Unpair
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
