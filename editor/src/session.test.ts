import { describe, expect, it } from 'vitest';
import { canUse, homeOf, tabOf, tabsFor } from './session.js';

describe('what each role sees', () => {
  it('an operator lands on the Inbox and has no Flows or Reports tab', () => {
    expect(homeOf({ role: 'operator' })).toBe('/inbox');
    expect(tabsFor({ role: 'operator' })).toEqual(['inbox', 'contacts', 'settings']);
    expect(canUse({ role: 'operator' }, tabOf('/flows/abc')!)).toBe(false);
  });

  it('a supervisor lands on Flows and sees every tab', () => {
    expect(homeOf({ role: 'supervisor' })).toBe('/flows');
    expect(tabsFor({ role: 'supervisor' })).toEqual(['flows', 'inbox', 'contacts', 'analytics', 'settings']);
  });

  it('reads the tab of a path, and none for paths outside the tabs', () => {
    expect(tabOf('/inbox/c1')).toBe('inbox');
    expect(tabOf('/')).toBeNull();
    expect(tabOf('/login')).toBeNull();
  });
});
