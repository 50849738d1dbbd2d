import { createHash, createHmac } from 'node:crypto';
import { auditRowHash, canonicalJson, diff, GENESIS_HASH, type AuditRowForHash } from './audit.service';

describe('canonicalJson', () => {
  it('does not depend on key order, at any depth', () => {
    const a = { b: 1, a: { y: [1, { q: 1, p: 2 }], x: 'x' }, c: null };
    const b = { c: null, a: { x: 'x', y: [1, { p: 2, q: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"x":"x","y":[1,{"p":2,"q":1}]},"b":1,"c":null}');
  });

  it('keeps array order (it is meaningful)', () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('is what a round trip through JSON (jsonb) gives back', () => {
    const v = { z: 'Z', nested: { list: [{ b: true, a: 'é中文' }], n: 1.5 }, missing: undefined };
    expect(canonicalJson(JSON.parse(JSON.stringify(v)))).toBe(canonicalJson(v));
  });

  it('drops undefined fields and writes undefined alone as null', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson(null)).toBe('null');
  });

  it('writes scalars as JSON', () => {
    expect(canonicalJson('a"b')).toBe('"a\\"b"');
    expect(canonicalJson(3)).toBe('3');
    expect(canonicalJson(false)).toBe('false');
  });

  it('tells apart values that differ only in type', () => {
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
    expect(canonicalJson({ a: null })).not.toBe(canonicalJson({ a: 'null' }));
  });
});

describe('diff', () => {
  const client = {
    id: 'c1',
    name: '上海浦江',
    industry: null as string | null,
    contacts: [{ name: '张伟' }],
    status: 'active',
    offboardedAt: null as Date | string | null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };

  it('on create: every field, before null, after the value', () => {
    expect(diff(null, { id: 'c1', name: 'A', industry: null, active: true })).toEqual({
      id: { before: null, after: 'c1' },
      name: { before: null, after: 'A' },
      active: { before: null, after: true },
      // industry is null before and after: nothing to say
    });
  });

  it('on delete: every field, before the value, after null', () => {
    expect(diff({ id: 'a1', clientId: 'c1', consultantId: 'u1' }, null)).toEqual({
      id: { before: 'a1', after: null },
      clientId: { before: 'c1', after: null },
      consultantId: { before: 'u1', after: null },
    });
  });

  it('on update: only the fields that changed', () => {
    const after = { ...client, name: '上海浦江智联', status: 'offboarded', updatedAt: '2026-02-01T00:00:00.000Z' };
    expect(diff(client, after)).toEqual({
      name: { before: '上海浦江', after: '上海浦江智联' },
      status: { before: 'active', after: 'offboarded' },
    });
  });

  it('nothing changed: no fields', () => {
    expect(diff(client, { ...client })).toEqual({});
    // a structurally equal copy of a nested value is no change either, whatever its key order
    expect(diff({ sla: { a: 1, b: 2 } }, { sla: { b: 2, a: 1 } })).toEqual({});
  });

  it('a nested value that changed is reported whole', () => {
    expect(diff(client, { ...client, contacts: [{ name: '张伟' }, { name: '李娜' }] })).toEqual({
      contacts: { before: [{ name: '张伟' }], after: [{ name: '张伟' }, { name: '李娜' }] },
    });
  });

  it('a field present on one side only is removed or added', () => {
    expect(diff({ a: 1, gone: 'x' }, { a: 1, added: 'y' })).toEqual({
      gone: { before: 'x', after: null },
      added: { before: null, after: 'y' },
    });
  });

  it('dates become ISO strings, and an equal date is no change', () => {
    const at = new Date('2026-03-04T05:06:07.089Z');
    expect(diff({ offboardedAt: null }, { offboardedAt: at })).toEqual({
      offboardedAt: { before: null, after: '2026-03-04T05:06:07.089Z' },
    });
    expect(diff({ offboardedAt: new Date(at) }, { offboardedAt: '2026-03-04T05:06:07.089Z' })).toEqual({});
    expect(diff({ at: new Date(at) }, { at: new Date(at.getTime() + 1) })).toEqual({
      at: { before: '2026-03-04T05:06:07.089Z', after: '2026-03-04T05:06:07.090Z' },
    });
  });

  it('never records passwordHash, updatedAt or createdAt', () => {
    const changes = diff(
      { name: 'a', passwordHash: 'scrypt$17$8$1$old', updatedAt: new Date(1), createdAt: new Date(1) },
      { name: 'b', passwordHash: 'scrypt$17$8$1$new', updatedAt: new Date(2), createdAt: new Date(2) },
    );
    expect(changes).toEqual({ name: { before: 'a', after: 'b' } });
    expect(diff(null, { passwordHash: 'scrypt$17$8$1$x' })).toEqual({});
  });

  it('returns plain JSON values, not references to the records', () => {
    const before = { contacts: [{ name: 'a' }] };
    const after = { contacts: [{ name: 'b' }] };
    const changes = diff(before, after);
    after.contacts[0].name = 'mutated';
    expect(changes.contacts.after).toEqual([{ name: 'b' }]);
  });

  it('treats a missing field and null alike', () => {
    expect(diff({ a: null }, {})).toEqual({});
    expect(diff(null, null)).toEqual({});
  });
});

describe('auditRowHash', () => {
  const row: AuditRowForHash = {
    firmId: '11111111-1111-4111-8111-111111111111',
    id: '22222222-2222-4222-8222-222222222222',
    seq: 7,
    actorId: '33333333-3333-4333-8333-333333333333',
    actorRole: 'manager',
    clientId: '44444444-4444-4444-8444-444444444444',
    entity: 'clients',
    entityId: '44444444-4444-4444-8444-444444444444',
    action: 'update',
    changes: { name: { before: 'a', after: 'b' } },
    requestId: 'req-1',
    ip: '127.0.0.1',
    createdAt: new Date('2026-01-02T03:04:05.678Z'),
    prevHash: GENESIS_HASH,
  };

  it('is a SHA-256 in hex, stable for the same row', () => {
    expect(auditRowHash(row)).toMatch(/^[0-9a-f]{64}$/);
    expect(auditRowHash({ ...row })).toBe(auditRowHash(row));
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });

  it('does not depend on the key order of changes, nor on seq being a number or a string (bigint from pg)', () => {
    const reordered = { ...row, seq: '7', changes: JSON.parse('{"name":{"after":"b","before":"a"}}') };
    expect(auditRowHash(reordered)).toBe(auditRowHash(row));
    expect(auditRowHash({ ...row, createdAt: new Date(row.createdAt.toISOString()) })).toBe(auditRowHash(row));
  });

  const changed: [keyof AuditRowForHash, unknown][] = [
    ['firmId', '11111111-1111-4111-8111-111111111112'],
    ['id', '22222222-2222-4222-8222-222222222223'],
    ['seq', 8],
    ['actorId', null],
    ['actorRole', 'consultant'],
    ['clientId', null],
    ['entity', 'users'],
    ['entityId', 'other'],
    ['action', 'delete'],
    ['changes', { name: { before: 'a', after: 'c' } }],
    ['changes', {}],
    ['requestId', 'req-2'],
    ['requestId', null],
    ['ip', '10.0.0.1'],
    ['createdAt', new Date('2026-01-02T03:04:05.679Z')],
    ['prevHash', 'f'.repeat(64)],
  ];
  it.each(changed)('changes when %s changes (to %p)', (field, value) => {
    expect(auditRowHash({ ...row, [field]: value } as AuditRowForHash)).not.toBe(auditRowHash(row));
  });

  describe('keyed (HMAC-SHA256 with the audit key)', () => {
    const key = Buffer.from('an-audit-key-of-at-least-32-characters', 'utf8');

    it('is the HMAC-SHA256 of the material the plain hash digests (the format of rows already written)', () => {
      const material = canonicalJson([
        row.prevHash, String(row.seq), row.firmId, row.id, row.actorId, row.actorRole, row.clientId, row.entity, row.entityId,
        row.action, row.changes, row.requestId, row.ip, row.createdAt.toISOString(),
      ]);
      expect(auditRowHash(row)).toBe(createHash('sha256').update(material).digest('hex'));
      expect(auditRowHash(row, key)).toBe(createHmac('sha256', key).update(material).digest('hex'));
      expect(auditRowHash(row, key)).not.toBe(auditRowHash(row));
    });

    it('differs with another key, so that nobody without the key can make a row that verifies', () => {
      expect(auditRowHash(row, Buffer.from('another-audit-key-of-32-characters!!', 'utf8'))).not.toBe(auditRowHash(row, key));
    });

    it.each(changed)('changes when %s changes (to %p)', (field, value) => {
      expect(auditRowHash({ ...row, [field]: value } as AuditRowForHash, key)).not.toBe(auditRowHash(row, key));
    });
  });

  it('cannot be fooled by moving a value from one field to the next', () => {
    // with plain concatenation "a"+"bc" and "ab"+"c" would collide
    const a = auditRowHash({ ...row, entity: 'clients', entityId: 'x' });
    const b = auditRowHash({ ...row, entity: 'clientsx', entityId: '' });
    expect(a).not.toBe(b);
  });
});
