import type { EventType, InterventionId } from './preterm-case';

/** The recorded events that mean an intervention was given (what closes its prompt as recorded). */
export const INTERVENTION_EVENTS: Readonly<Record<InterventionId, readonly EventType[]>> = {
  'place-of-birth': [],
  'antenatal-corticosteroids': ['corticosteroid-dose'],
  'magnesium-sulphate': ['magnesium-sulphate-loading', 'magnesium-sulphate-infusion'],
  'intrapartum-antibiotics': ['intrapartum-antibiotics'],
  'optimal-cord-management': ['cord-clamped'],
  normothermia: ['temperature'],
  'maternal-breast-milk': ['maternal-breast-milk'],
  caffeine: ['caffeine'],
  'volume-targeted-ventilation': ['invasive-ventilation'],
};

/**
 * What each intervention is, in words a family can read (the preterm passport). Beacon's own wording, written
 * after the PERIPrem passport idea [C5]: it explains, it does not set a standard (the rule set's `describe` does).
 */
export const PLAIN_LANGUAGE: Readonly<Record<InterventionId, { title: string; why: string }>> = {
  'place-of-birth': {
    title: 'Born in the right place',
    why: 'Very early babies do best when they are born in a hospital with a neonatal intensive care unit.',
  },
  'antenatal-corticosteroids': {
    title: 'Steroid injections for mum',
    why: "Two injections given to mum before birth help the baby's lungs and brain get ready.",
  },
  'magnesium-sulphate': {
    title: 'Magnesium for mum',
    why: "A drip given to mum shortly before birth that helps protect the baby's brain.",
  },
  'intrapartum-antibiotics': {
    title: 'Antibiotics in labour',
    why: 'Antibiotics given to mum during labour help protect the baby from a serious infection (group B strep).',
  },
  'optimal-cord-management': {
    title: 'Waiting to clamp the cord',
    why: 'Waiting at least a minute before clamping the cord gives the baby extra blood from the placenta.',
  },
  normothermia: {
    title: 'Keeping warm',
    why: "Keeping the baby's temperature in the normal range in the first hour helps them stay well.",
  },
  'maternal-breast-milk': {
    title: "Mum's own milk",
    why: "Mum's colostrum or breast milk in the first day protects the baby's tummy and helps fight infection.",
  },
  caffeine: {
    title: 'Caffeine',
    why: 'A medicine that helps very early babies remember to breathe and helps their lungs.',
  },
  'volume-targeted-ventilation': {
    title: 'Gentle breathing support',
    why: "If the baby needs a breathing machine, a setting that controls each breath's size protects the lungs.",
  },
};
