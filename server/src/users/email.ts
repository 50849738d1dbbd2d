/**
 * The one form an e-mail address is stored, compared, looked up and counted in: Unicode NFKC (full-width and other
 * compatibility forms folded), lower case, without surrounding white space. `" Consultant2@Demo.test"`,
 * `"consultant2@demo.test"` and `"ｃｏｎｓｕｌｔａｎｔ２@demo.test"` are one address. Sign-in, its throttle, and every
 * write of a user's address go through this function (the database compares the stored form as it is).
 */
export function canonicalEmail(email: string): string {
  // lower-casing can leave a string that is not NFKC (and NFKC can make upper-case letters): normalise on both sides
  return email.normalize('NFKC').toLowerCase().normalize('NFKC').trim();
}
