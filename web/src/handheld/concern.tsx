import { useState } from 'preact/hooks';
import type { Board } from '../shared/board-state';
import type { SubmitCommand } from './use-handheld-session';

/** "Raise a concern" one tap from the top: choose the bed, say what worries you or the family. */
export function RaiseConcern(props: {
  boards: readonly Board[];
  mayAct: boolean;
  manyWards: boolean;
  onCommand: SubmitCommand;
}) {
  const { boards, mayAct, manyWards, onCommand } = props;
  const [concernOpen, setConcernOpen] = useState(false);
  const [concernFor, setConcernFor] = useState<string | null>(null);
  return (
    <>
      {mayAct && boards.length > 0 ? (
        <div class="handheld-actions">
          <button
            type="button"
            class="button button-concern"
            aria-expanded={concernOpen}
            aria-controls="concern-form"
            onClick={() => setConcernOpen(!concernOpen)}
            data-testid="raise-concern"
          >
            ✚ Raise a concern
          </button>
        </div>
      ) : null}
      {mayAct && concernOpen ? (
        <section class="concern" id="concern-form" aria-labelledby="concern-heading">
          <h2 id="concern-heading">Raise a concern</h2>
          <ConcernForm
            beds={boards.flatMap((board) =>
              board.beds.map((bed) => ({
                id: bed.patientId,
                label: `${manyWards ? `${board.wardName}: ` : ''}${bed.bed ?? 'No bed'} · ${bed.initials}`,
              })),
            )}
            selected={concernFor}
            onSelect={setConcernFor}
            onSubmit={(patientId, label, note) => {
              onCommand('concern:raise', { patientId, ...(note ? { note } : {}) }, `Concern for ${label}`);
              setConcernOpen(false);
            }}
          />
        </section>
      ) : null}
    </>
  );
}

function ConcernForm(props: {
  beds: readonly { id: string; label: string }[];
  selected: string | null;
  onSelect: (patientId: string | null) => void;
  onSubmit: (patientId: string, label: string, note: string) => void;
}) {
  const { beds, selected, onSelect, onSubmit } = props;
  const [note, setNote] = useState('');
  const bed = beds.find((candidate) => candidate.id === selected);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (!bed) return;
        onSubmit(bed.id, bed.label, note.trim());
        setNote('');
        onSelect(null);
      }}
    >
      <label>
        Patient{' '}
        <select
          value={selected ?? ''}
          onChange={(event) => onSelect((event.target as HTMLSelectElement).value || null)}
        >
          <option value="">Choose a bed</option>
          {beds.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        What worries you or the family? (optional)
        <textarea
          value={note}
          maxLength={2000}
          rows={2}
          onInput={(event) => setNote((event.target as HTMLTextAreaElement).value)}
        />
      </label>
      <button type="submit" class="button button-primary" disabled={!bed}>
        Raise concern
      </button>
    </form>
  );
}
