/**
 * The password rule, the same in the API (every place a password is set: accepting an invitation, a reset, a change)
 * and in the admin (the form says so before it is sent): at least 12 characters, at most 200, not one of the
 * passwords people pick most, and not the person's own e-mail address or its name part.
 *
 * "Most picked" follows NIST SP 800-63B §5.1.1.2 (a blocklist of commonly used and compromised values): the long
 * passwords of the published leak lists, plus the shapes they come in — a common word or keyboard run padded with
 * digits and symbols (`Password1234!`, `qwerty123456`), one character repeated, a run of digits or letters.
 */

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'contains_email';

/** Words and keyboard runs that common passwords are made of (lower case, without digits and symbols). */
const COMMON_WORDS = new Set(
  [
    'password', 'passwd', 'pass', 'qwerty', 'qwertyuiop', 'qwertyuiopasdfghjkl', 'asdfghjkl', 'asdf', 'zxcvbnm', 'qwer', 'qwert',
    'azerty', 'qazwsx', 'qazwsxedc', 'zaqxsw', 'zaqwsx', 'qweasd', 'qweasdzxc', 'abc', 'abcd', 'abcdef', 'abcdefg', 'abcdefgh',
    'iloveyou', 'welcome', 'letmein', 'admin', 'administrator', 'root', 'login', 'master', 'monkey', 'dragon', 'shadow',
    'sunshine', 'princess', 'football', 'baseball', 'basketball', 'soccer', 'superman', 'batman', 'trustno', 'freedom',
    'whatever', 'starwars', 'pokemon', 'michael', 'jennifer', 'charlie', 'jordan', 'hunter', 'killer', 'secret', 'changeme',
    'default', 'guest', 'test', 'testing', 'user', 'hello', 'helloworld', 'love', 'lovely', 'angel', 'flower', 'summer',
    'winter', 'spring', 'autumn', 'china', 'beijing', 'shanghai', 'woaini', 'aini', 'wangyi', 'zhangwei', 'wang', 'zhang',
    'li', 'liu', 'chen', 'huawei', 'xiaomi', 'taobao', 'alibaba', 'tencent', 'baidu', 'wechat', 'weixin', 'qq', 'incident',
    'incidentdesk', 'desk', 'company', 'office', 'security', 'manager', 'consultant', 'client', 'demo', 'demopass', 'x',
  ],
);

/** Long passwords that lead the leak lists as they are. */
const COMMON_PASSWORDS = new Set(
  [
    '123456789012', '1234567890123', '12345678901234', '123456123456', '123123123123', '111111111111', '000000000000',
    '112233445566', '121212121212', '123321123321', '147258369147', '159357159357', '5201314520', '520131452013',
    '1314520520', 'woaini1314', 'woaini520', '5211314', 'a123456789', 'aa123456789', 'qwe123qwe123', '1q2w3e4r5t6y',
    '1q2w3e4r5t6y7u', '1qaz2wsx3edc', '1qaz2wsx3edc4rfv', 'zaq12wsxcde3', 'zaq1zaq1zaq1', 'qwerty123456', 'qwertyuiop123',
    'q1w2e3r4t5y6', 'p@ssw0rd', 'p@ssword', 'passw0rd', 'password1', 'iloveyou', 'trustno1', 'abc123abc123',
  ].map((p) => p.toLowerCase()),
);

const LEET: Record<string, string> = { '@': 'a', '4': 'a', '3': 'e', '1': 'i', '!': 'i', '0': 'o', '$': 's', '5': 's', '7': 't' };

/** One character repeated, or a run of consecutive characters (1234…, abcd…, 9876…), with nothing else. */
function isRun(s: string): boolean {
  if (s.length < 2) return true;
  if (new Set(s).size === 1) return true;
  // digits count round (…7890123…, …3210987…)
  const digits = /^\d+$/.test(s);
  const diff = (i: number) => (digits ? (((s.charCodeAt(i) - s.charCodeAt(i - 1)) % 10) + 10) % 10 : s.charCodeAt(i) - s.charCodeAt(i - 1));
  const step = diff(1);
  if (!(step === 1 || step === -1 || (digits && step === 9))) return false;
  for (let i = 2; i < s.length; i++) if (diff(i) !== step) return false;
  return true;
}

/** Whether a password is on the blocklist or has the shape of one that is (see above). */
export function isCommonPassword(password: string): boolean {
  const lower = password.normalize('NFKC').toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || isRun(lower)) return true;
  // a repeated short piece ("abcabcabcabc", "1234512345…")
  for (let n = 1; n <= lower.length / 2; n++) {
    if (lower.length % n === 0 && lower.slice(0, n).repeat(lower.length / n) === lower) return true;
  }
  // the letters alone, with digits and symbols at either end taken off (Password1234!, 2026qwerty!!)
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
  const padding = lower.length - core.length;
  const digitsAround = lower.replace(core, '');
  const weakPadding = padding === 0 || isRun(digitsAround.replace(/[^0-9]/g, '')) || /^(19|20)\d\d/.test(digitsAround) || /^(1314|520|521|666|888|999|123)*\d{0,4}$/.test(digitsAround.replace(/[^0-9]/g, ''));
  if (weakPadding) {
    const candidates = [core, core.replace(/[^a-z]/g, ''), core.replace(/[@4310!$57]/g, (c) => LEET[c] ?? c), lower.replace(/[@4310!$57]/g, (c) => LEET[c] ?? c).replace(/[^a-z]/g, '')];
    for (const c of candidates) {
      if (COMMON_WORDS.has(c)) return true;
      // the same word twice, or a common word followed by another (passwordpassword, adminadmin, iloveyouchina)
      for (let i = 1; i < c.length; i++) if (COMMON_WORDS.has(c.slice(0, i)) && COMMON_WORDS.has(c.slice(i))) return true;
    }
  }
  return false;
}

/** What is wrong with a password someone wants to set, or null. `email`: theirs, when known. */
export function passwordProblem(password: string, email?: string | null): PasswordProblem | null {
  if (typeof password !== 'string' || [...password].length < PASSWORD_MIN_LENGTH) return 'too_short';
  if ([...password].length > PASSWORD_MAX_LENGTH) return 'too_long';
  if (email) {
    const lower = password.toLowerCase();
    const address = email.trim().toLowerCase();
    const local = address.split('@')[0];
    if (lower.includes(address) || (local.length >= 4 && lower.includes(local))) return 'contains_email';
  }
  if (isCommonPassword(password)) return 'common';
  return null;
}

/** The API's words for each problem (the admin shows its own message files' `passwords.*`). */
export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, string> = {
  too_short: `must be at least ${PASSWORD_MIN_LENGTH} characters`,
  too_long: `must be at most ${PASSWORD_MAX_LENGTH} characters`,
  common: 'is too common: it is on the list of passwords people pick most; choose a longer phrase of unrelated words',
  contains_email: 'must not contain your e-mail address',
};
