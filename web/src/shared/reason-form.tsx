import { useState } from 'preact/hooks';

/** "Why?" with a required reason from a list, then Confirm or Cancel (not required, not done). */
export function ReasonForm<R extends string>(props: {
  question: string;
  reasons: readonly { readonly id: R; readonly label: string }[];
  onConfirm: (reason: R) => void;
  onCancel: () => void;
}) {
  const { question, reasons, onConfirm, onCancel } = props;
  const [reason, setReason] = useState('');
  return (
    <form
      class="respond"
      onSubmit={(event) => {
        event.preventDefault();
        const chosen = reasons.find((option) => option.id === reason);
        if (chosen) onConfirm(chosen.id);
      }}
    >
      <label>
        {question}{' '}
        <select
          required
          value={reason}
          onChange={(event) => setReason((event.target as HTMLSelectElement).value)}
        >
          <option value="">Choose a reason</option>
          {reasons.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="button button-primary" disabled={!reason}>
        Confirm
      </button>
      <button type="button" class="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
