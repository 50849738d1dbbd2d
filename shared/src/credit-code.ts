/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015.
 * 18 characters from a 31-character alphabet (no I, O, S, V, Z); the 18th is a check character
 * computed from the first 17 with the weights 3^i mod 31.
 */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem = 'length' | 'characters' | 'check_character';

/** The check character for the first 17 characters, or null if they are not valid characters. */
export function creditCodeCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_ALPHABET.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * WEIGHTS[i];
  }
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_ALPHABET[check];
}

/** Null when the code is valid, otherwise what is wrong with it. Upper case is expected. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (typeof code !== 'string' || code.length !== 18) return 'length';
  for (const ch of code) if (CREDIT_CODE_ALPHABET.indexOf(ch) < 0) return 'characters';
  return creditCodeCheckCharacter(code.slice(0, 17)) === code[17] ? null : 'check_character';
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === null;
}

export const CREDIT_CODE_MESSAGES: Record<CreditCodeProblem, string> = {
  length: 'must be 18 characters',
  characters: 'may only contain digits and the capital letters of GB 32100 (no I, O, S, V, Z)',
  check_character: 'check character does not match (GB 32100-2015)',
};
