import {
  CREDIT_CODE_ALPHABET,
  CREDIT_CODE_MESSAGES,
  creditCodeCheckCharacter,
  creditCodeProblem,
  isValidCreditCode,
  type CreditCodeProblem,
} from './credit-code';

/** Replaces the character at `i`. */
const put = (s: string, i: number, ch: string) => s.slice(0, i) + ch + s.slice(i + 1);
/** Any character of the alphabet other than `ch`. */
const other = (ch: string) => CREDIT_CODE_ALPHABET[(CREDIT_CODE_ALPHABET.indexOf(ch) + 1) % CREDIT_CODE_ALPHABET.length];
/** The first 17 characters completed with their computed check character. */
const complete = (first17: string) => first17 + creditCodeCheckCharacter(first17);

describe('unified social credit code (GB 32100-2015)', () => {
  describe('real codes are valid', () => {
    it.each([
      '91350100M000100Y43', // the standard's own example
      '91110000600037341L',
      '91440300708461136T',
    ])('%s', (code) => {
      expect(creditCodeProblem(code)).toBeNull();
      expect(isValidCreditCode(code)).toBe(true);
      expect(creditCodeCheckCharacter(code.slice(0, 17))).toBe(code[17]);
    });
  });

  it('computes the check character known for the standard example', () => {
    expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
  });

  it('codes completed with creditCodeCheckCharacter are valid, including check characters that are letters and 0', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 400; n++) {
      // vary the organisation-code part across the whole alphabet
      let body = '';
      let x = n * 7919 + 13;
      for (let i = 0; i < 9; i++) {
        body += CREDIT_CODE_ALPHABET[x % 31];
        x = Math.floor(x / 31) + i * 3;
      }
      const code = complete(`91310115${body}`);
      expect(code).toHaveLength(18);
      expect(creditCodeProblem(code)).toBeNull();
      seen.add(code[17]);
    }
    // every check character of the alphabet shows up, so letters and '0' are handled
    expect(seen.size).toBe(31);
  });

  it('a code with any single character changed no longer verifies', () => {
    const code = '91350100M000100Y43';
    for (let i = 0; i < 18; i++) {
      expect(creditCodeProblem(put(code, i, other(code[i])))).toBe('check_character');
    }
  });

  it.each<[string, string, CreditCodeProblem | null]>([
    ['valid', '91350100M000100Y43', null],
    ['wrong check character', '91350100M000100Y44', 'check_character'],
    ['wrong check character (letter)', '91350100M000100Y4A', 'check_character'],
    ['two digits swapped', '91530100M000100Y43', 'check_character'],
    ['empty', '', 'length'],
    ['17 characters', '91350100M000100Y4', 'length'],
    ['19 characters', '91350100M000100Y430', 'length'],
    ['surrounding spaces', ' 91350100M000100Y43 ', 'length'],
    ['forbidden letter I', '91350100I000100Y43', 'characters'],
    ['forbidden letter O', '91350100O000100Y43', 'characters'],
    ['forbidden letter S', '91350100S000100Y43', 'characters'],
    ['forbidden letter V', '91350100V000100Y43', 'characters'],
    ['forbidden letter Z', '91350100Z000100Y43', 'characters'],
    ['forbidden letter as check character', '91350100M000100Y4Z', 'characters'],
    ['lower case', '91350100m000100y43', 'characters'],
    ['lower-case check character', '91110000600037341l', 'characters'],
    ['punctuation', '91350100-000100Y43', 'characters'],
    ['full-width digit', '９1350100M000100Y43', 'characters'],
  ])('%s: %s → %s', (_label, code, problem) => {
    expect(creditCodeProblem(code)).toBe(problem);
    expect(isValidCreditCode(code)).toBe(problem === null);
  });

  it('treats a non-string as a length problem instead of throwing', () => {
    expect(creditCodeProblem(undefined as unknown as string)).toBe('length');
    expect(creditCodeProblem(123456789012345678 as unknown as string)).toBe('length');
    expect(isValidCreditCode(null as unknown as string)).toBe(false);
  });

  describe('creditCodeCheckCharacter', () => {
    it('answers null for a wrong length or a character outside the alphabet', () => {
      expect(creditCodeCheckCharacter('')).toBeNull();
      expect(creditCodeCheckCharacter('91350100M000100Y')).toBeNull();
      expect(creditCodeCheckCharacter('91350100M000100Y43')).toBeNull();
      expect(creditCodeCheckCharacter('91350100O000100Y4')).toBeNull();
      expect(creditCodeCheckCharacter('91350100m000100Y4')).toBeNull();
    });

    it('always answers a character of the alphabet', () => {
      for (const first of CREDIT_CODE_ALPHABET) {
        const ch = creditCodeCheckCharacter(`${first}1350100M000100Y4`);
        expect(ch).not.toBeNull();
        expect(CREDIT_CODE_ALPHABET).toContain(ch);
      }
    });
  });

  it('the alphabet is the 31 characters of the standard: digits and capitals without I, O, S, V, Z', () => {
    expect(CREDIT_CODE_ALPHABET).toHaveLength(31);
    expect(new Set(CREDIT_CODE_ALPHABET).size).toBe(31);
    for (const ch of 'IOSVZ') expect(CREDIT_CODE_ALPHABET).not.toContain(ch);
    expect(CREDIT_CODE_ALPHABET).toMatch(/^[0-9A-Z]+$/);
  });

  it('has a message for every problem', () => {
    for (const p of ['length', 'characters', 'check_character'] as CreditCodeProblem[]) {
      expect(CREDIT_CODE_MESSAGES[p]).toEqual(expect.any(String));
    }
  });
});
