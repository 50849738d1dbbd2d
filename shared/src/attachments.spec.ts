import { contentDisposition, encodeRfc5987, formatBytes, isPlainText, PlainTextCheck, sanitizeFileName } from './attachments';

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

describe('sanitizeFileName', () => {
  it('keeps Chinese names and extensions, drops paths, controls and reserved characters', () => {
    expect(sanitizeFileName('演练记录.pdf')).toBe('演练记录.pdf');
    expect(sanitizeFileName('C:\\Users\\x\\报告.docx')).toBe('报告.docx');
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('a\u0000b\r\nc.txt')).toBe('abc.txt');
    expect(sanitizeFileName('what?<is>this:"file"|*.txt')).toBe('what__is_this__file___.txt');
    expect(sanitizeFileName('  ..hidden  name .txt. ')).toBe('hidden name .txt');
  });

  it('removes bidirectional overrides that disguise an extension', () => {
    expect(sanitizeFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
  });

  it('guards reserved device names, empty names and overlong names (keeping the extension)', () => {
    expect(sanitizeFileName('CON.txt')).toBe('_CON.txt');
    expect(sanitizeFileName('')).toBe('file');
    expect(sanitizeFileName('...')).toBe('file');
    expect(sanitizeFileName(null)).toBe('file');
    const long = sanitizeFileName('报'.repeat(300) + '.pdf');
    expect([...long]).toHaveLength(200);
    expect(long.endsWith('.pdf')).toBe(true);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and an RFC 5987 UTF-8 name', () => {
    expect(contentDisposition('演练记录 2026.pdf')).toBe(
      `attachment; filename="____ 2026.pdf"; filename*=UTF-8''%E6%BC%94%E7%BB%83%E8%AE%B0%E5%BD%95%202026.pdf`,
    );
    expect(contentDisposition('report.pdf')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
  });

  it("escapes quotes, backslashes and RFC 5987's non-attr-chars", () => {
    expect(encodeRfc5987("it's (a) *test*")).toBe('it%27s%20%28a%29%20%2Atest%2A');
    const header = contentDisposition('x\\a"b\r\n.txt');
    expect(header).not.toMatch(/[\r\n]/);
    // the backslash is a path separator, the quote is replaced
    expect(header.split(';')[1]).toBe(' filename="a_b.txt"');
  });

  it('decodes back to the name', () => {
    const name = '客户 (上海) 通知函.pdf';
    const encoded = contentDisposition(name).split("filename*=UTF-8''")[1];
    expect(decodeURIComponent(encoded)).toBe(name);
  });
});

describe('isPlainText', () => {
  it('accepts UTF-8 text (with a BOM, Chinese, tabs and line breaks)', () => {
    expect(isPlainText(utf8('hello\tworld\r\n'))).toBe(true);
    expect(isPlainText(utf8('\ufeff姓名,部门\n张伟,IT\n'))).toBe(true);
    expect(isPlainText(utf8('emoji 😀'))).toBe(true);
  });

  it('refuses binary, invalid, truncated, overlong and surrogate sequences, and empty input', () => {
    expect(isPlainText(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBe(false);
    expect(isPlainText(utf8('a\u0000b'))).toBe(false);
    expect(isPlainText(new Uint8Array([0xe6, 0xbc]))).toBe(false);
    expect(isPlainText(new Uint8Array([0xc0, 0xaf]))).toBe(false);
    expect(isPlainText(new Uint8Array([0xe0, 0x80, 0xaf]))).toBe(false);
    expect(isPlainText(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(false);
    expect(isPlainText(new Uint8Array([0xf4, 0x90, 0x80, 0x80]))).toBe(false);
    expect(isPlainText(new Uint8Array([0xd6, 0xd0, 0xce, 0xc4]))).toBe(false); // GBK 中文
    expect(isPlainText(new Uint8Array([]))).toBe(false);
  });
});

describe(PlainTextCheck.name, () => {
  const inPieces = (bytes: Uint8Array, cuts: number[]) => {
    const check = new PlainTextCheck();
    let from = 0;
    for (const cut of [...cuts, bytes.length]) {
      check.push(bytes.subarray(from, cut));
      from = cut;
    }
    return check.end();
  };

  it('answers as isPlainText whatever the pieces, a character split between two pieces included', () => {
    const samples = [
      utf8('\ufeff姓名,部门\n张伟,IT 😀\n'), utf8('a\u0000b'), new Uint8Array([0xe6, 0xbc]), new Uint8Array([0xed, 0xa0, 0x80]),
      new Uint8Array([0xd6, 0xd0, 0xce, 0xc4]), utf8('日志 ok'), new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
    ];
    for (const bytes of samples) {
      for (let a = 0; a <= bytes.length; a++) {
        for (let b = a; b <= bytes.length; b++) expect({ bytes: [...bytes], a, b, text: inPieces(bytes, [a, b]) }).toEqual({ bytes: [...bytes], a, b, text: isPlainText(bytes) });
      }
    }
    expect(isPlainText(utf8('\ufeff姓名,部门\n张伟,IT 😀\n'))).toBe(true);
  });
});

describe('formatBytes', () => {
  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(25 * 1024 * 1024)).toBe('25 MB');
  });
});
