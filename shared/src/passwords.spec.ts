import { isCommonPassword, passwordProblem, PASSWORD_PROBLEM_MESSAGES } from './passwords';

describe('passwordProblem', () => {
  it('needs at least 12 characters (counted as characters, not bytes) and at most 200', () => {
    expect(passwordProblem('Kx9!mQ2#vL7')).toBe('too_short');
    expect(passwordProblem('Kx9!mQ2#vL7z')).toBeNull();
    expect(passwordProblem('安全事件响应台很好用啊吧')).toBeNull();
    expect(passwordProblem('安全事件响应台很好用啊')).toBe('too_short');
    expect(passwordProblem('a'.repeat(150) + 'Kx9!mQ2#vL7z'.repeat(5))).toBe('too_long');
  });

  it.each([
    'password1234', 'Password1234!', 'P@ssw0rd2026', 'qwerty123456', 'qwertyuiop12', '123456789012', '1q2w3e4r5t6y', 'zaq12wsxcde3',
    'aaaaaaaaaaaa', 'abcdefghijkl', '987654321098', 'abcabcabcabc', 'adminadmin12', 'iloveyou2026', 'woaini1314520', 'Welcome@2026',
    'demo-pass-2026', 'passwordpassword', 'Shanghai2026!',
  ])('refuses the common %s', (p) => {
    expect(isCommonPassword(p)).toBe(true);
    expect(passwordProblem(p)).toBe('common');
  });

  it.each(['correct horse battery staple', 'test-pass-2026-long', 'Kx9!mQ2#vL7z', 'tulip-orbit-canyon-47', '黄浦江边的灯塔亮了三次啊'])('takes %s', (p) => {
    expect(passwordProblem(p)).toBeNull();
  });

  it('refuses the address or its name part', () => {
    expect(passwordProblem('lihua.zhang@firm.test!!', 'Lihua.Zhang@firm.test')).toBe('contains_email');
    expect(passwordProblem('my-lihua.zhang-secret-77', 'lihua.zhang@firm.test')).toBe('contains_email');
    expect(passwordProblem('tulip-orbit-canyon-47', 'lihua.zhang@firm.test')).toBeNull();
  });

  it('has words for every problem', () => {
    for (const p of ['too_short', 'too_long', 'common', 'contains_email'] as const) expect(PASSWORD_PROBLEM_MESSAGES[p]).toBeTruthy();
  });
});
