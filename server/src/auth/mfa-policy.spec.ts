import type { Role } from '@incident-desk/shared';
import { isMfaRequired } from './mfa-policy';

describe('isMfaRequired', () => {
  it('requires two-factor of operators always, of managers and consultants when their firm does, never of client admins by the firm', () => {
    const cases: [string, boolean, boolean][] = [
      ['operator', false, true], ['operator', true, true],
      ['manager', false, false], ['manager', true, true],
      ['consultant', false, false], ['consultant', true, true],
      ['client_admin', false, false], ['client_admin', true, false],
    ];
    for (const [role, firmRequiresMfa, expected] of cases) {
      expect({ role, firmRequiresMfa, required: isMfaRequired({ role: role as Role, firmRequiresMfa }) }).toEqual({ role, firmRequiresMfa, required: expected });
    }
    expect(isMfaRequired({ role: 'manager' })).toBe(false);
  });
});
