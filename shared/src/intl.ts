/**
 * Intl.DateTimeFormat objects, made once per locale and options. Making one costs far more than formatting with it
 * (the time-zone offsets behind a 12-month service report made about a hundred, 5 ms of a 100 ms report).
 */
const formats = new Map<string, Intl.DateTimeFormat>();

export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    // a handful of option sets times the firms' time zones; bounded all the same
    if (formats.size >= 500) formats.clear();
    formats.set(key, f);
  }
  return f;
}
