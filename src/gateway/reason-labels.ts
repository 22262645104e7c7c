import type { NotRequiredReason, PromptNotDoneReason } from '../alerts/domain/alert';

/** The words a handheld shows for each reason a response or a prompt outcome may give (sent in session:info). */
export const NOT_REQUIRED_LABELS: Record<NotRequiredReason, string> = {
  'clinically-expected': 'Clinically expected for this patient',
  'already-under-review': 'Already under review',
  'patient-declined': 'Patient declined',
  'measurement-error': 'Measurement error (repeat observations)',
  'end-of-life-care': 'End-of-life care plan',
  other: 'Other (record a note)',
};

export const PROMPT_NOT_DONE_LABELS: Record<PromptNotDoneReason, string> = {
  declined: 'Declined (she opted out)',
  contraindicated: 'Contraindicated',
  'not-possible-in-time': 'Not possible in time',
  'done-elsewhere': 'Done elsewhere',
  other: 'Other (record a note)',
};
