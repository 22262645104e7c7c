import { useEffect, useState } from 'preact/hooks';

interface DeviceAuthorization {
  readonly device_code: string;
  readonly user_code: string;
  readonly verification_uri: string;
  readonly interval: number;
  readonly qr_svg: string;
}

const GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/**
 * An unpaired ward display: a code and a QR code for a coordinator or admin to approve from her handheld or
 * /admin/displays (OAuth 2.0 device authorization grant). Polls until approved, then opens the ward it was paired to.
 */
export function Pairing() {
  const [pairing, setPairing] = useState<DeviceAuthorization | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = (current: DeviceAuthorization, seconds: number) => {
      timer = setTimeout(() => {
        void fetch('/auth/device/token', {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: GRANT, device_code: current.device_code }).toString(),
          credentials: 'same-origin',
        })
          .then(async (response) => {
            const body = (await response.json()) as { wardId?: string; error?: string };
            if (response.ok && body.wardId)
              window.location.assign(`/ward/${encodeURIComponent(body.wardId)}`);
            else if (body.error === 'slow_down') poll(current, seconds + 5);
            else if (body.error === 'authorization_pending') poll(current, seconds);
            else void begin(); // expired: a fresh code
          })
          .catch(() => {
            setProblem('Cannot reach Beacon; still trying.');
            poll(current, seconds);
          });
      }, seconds * 1000);
    };
    const begin = async () => {
      try {
        const response = await fetch('/auth/device', { method: 'POST', credentials: 'same-origin' });
        const next = (await response.json()) as DeviceAuthorization;
        setPairing(next);
        setProblem(null);
        poll(next, next.interval);
      } catch {
        setProblem('Cannot reach Beacon; still trying.');
        timer = setTimeout(() => void begin(), 5000);
      }
    };
    void begin();
    return () => clearTimeout(timer);
  }, []);

  return (
    <main class="sign-in" data-testid="pairing">
      <h1>Pair this ward display</h1>
      {problem ? <p role="alert">{problem}</p> : null}
      {pairing ? (
        <>
          <p>
            A ward coordinator or administrator opens <strong>{pairing.verification_uri}</strong> on her
            handheld (or scans the code) and enters:
          </p>
          <p class="pairing-code" data-testid="user-code">
            {pairing.user_code}
          </p>
          <img
            class="pairing-qr"
            alt={`QR code for ${pairing.verification_uri}`}
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(pairing.qr_svg)}`}
          />
          <p>She chooses the ward; this screen then shows that ward's alerts until it is unpaired.</p>
        </>
      ) : (
        <p>Asking Beacon for a pairing code…</p>
      )}
    </main>
  );
}
