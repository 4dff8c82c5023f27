// The one contact every erased person's conversations point at: a row with no name, phone or
// identity, so conversations keep their department, agent, times and score for reports while
// nothing leads back to a person. The first erasure makes it; no list, search or page shows it.
export const ANONYMOUS_CONTACT_ID = 'anonymous';
