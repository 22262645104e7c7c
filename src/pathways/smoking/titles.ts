/** Short titles of the NG209 prompts for screens (the prompt's text says what to do; the rule cites its source). */
export const SMOKING_PROMPT_TITLES: Readonly<Record<string, string>> = {
  'record-smoking-status': 'Record smoking status',
  'record-smoking-status-at-delivery': 'Record smoking status at delivery',
  'record-when-stopped': 'Record when she stopped smoking',
  'co-test-missing': 'CO test not recorded',
  'co-test-due': 'CO test due',
  'opt-out-referral': 'Opt-out referral to stop-smoking support',
  'explain-co-reading': 'Explain her CO reading',
  'identify-co-source': 'Look for a source of carbon monoxide',
  'co-above-10-ppm': 'CO reading above 10 ppm',
  'offer-nrt': 'Offer nicotine replacement therapy',
  'quit-follow-up-4-weeks': 'Quit follow-up at 4 weeks',
  'quit-follow-up-12-weeks': 'Quit follow-up at 12 weeks',
  'postnatal-relapse-prevention': 'Postnatal relapse prevention',
};
