import { AppError } from './errors';
import { isUuid, listConditions, MAX_PAGE, Page, parseListQuery, type ListQuery, type ListSpec } from './list-query';

const SPEC: ListSpec = {
  resource: 'things',
  idColumn: 't.id',
  sortable: { name: 't.name', createdAt: 't.created_at', id: 't.id' },
  defaultSort: ['name', 'ASC'],
  filters: {
    status: { column: 't.status', type: 'text', values: ['active', 'offboarded'] },
    ownerId: { column: 't.owner_id', type: 'uuid' },
  },
  search: ['t.name'],
};

/** The 400 thrown by parseListQuery, as the client would see it. */
function rejection(query: ListQuery, extra: string[] = []) {
  try {
    parseListQuery(query, SPEC, extra);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    const err = e as AppError;
    expect(err.getStatus()).toBe(400);
    const body = err.getResponse() as { statusCode: number; code: string; errors: { field: string; message: string }[] };
    expect(body.statusCode).toBe(400);
    expect(body.code).toBe('validation_failed');
    return body;
  }
  throw new Error(`expected ${JSON.stringify(query)} to be rejected`);
}
const fields = (query: ListQuery, extra: string[] = []) => rejection(query, extra).errors.map((e) => e.field);

describe('parseListQuery', () => {
  it('defaults to the resource default sort, the first 25 rows and no filter', () => {
    expect(parseListQuery({}, SPEC)).toEqual({ sort: ['name', 'ASC'], start: 0, limit: 25, filter: {} });
    expect(parseListQuery({ sort: '', range: '', filter: '' }, SPEC)).toEqual({ sort: ['name', 'ASC'], start: 0, limit: 25, filter: {} });
  });

  it('uses the default sort of the spec', () => {
    expect(parseListQuery({}, { ...SPEC, defaultSort: ['createdAt', 'DESC'] }).sort).toEqual(['createdAt', 'DESC']);
  });

  describe('sort', () => {
    it('accepts a sortable field, in either order and any case of the direction', () => {
      expect(parseListQuery({ sort: '["createdAt","DESC"]' }, SPEC).sort).toEqual(['createdAt', 'DESC']);
      expect(parseListQuery({ sort: '["id","asc"]' }, SPEC).sort).toEqual(['id', 'ASC']);
      expect(parseListQuery({ sort: '["name","desc"]' }, SPEC).sort).toEqual(['name', 'DESC']);
    });

    it.each([
      ['a field that is not whitelisted', '["password_hash","ASC"]'],
      ['a column expression', '["t.name; drop table x","ASC"]'],
      ['a direction other than ASC/DESC', '["name","SIDEWAYS"]'],
      ['a missing direction', '["name"]'],
      ['an object', '{"field":"name"}'],
      ['a number as field', '[1,"ASC"]'],
      ['an inherited property name (toString)', '["toString","ASC"]'],
      ['an inherited property name (__proto__)', '["__proto__","ASC"]'],
    ])('refuses %s with a 400 naming sort', (_label, sort) => {
      expect(fields({ sort })).toEqual(['sort']);
    });

    it('names the sortable fields in the message', () => {
      const body = rejection({ sort: '["secret","ASC"]' });
      expect(body.errors[0].message).toContain('name, createdAt, id');
    });
  });

  describe('bad JSON names its parameter', () => {
    it.each([
      ['sort', { sort: '["name","ASC"' }],
      ['range', { range: '[0,' }],
      ['filter', { filter: '{status:active}' }],
    ])('%s', (name, query) => {
      const body = rejection(query as ListQuery);
      expect(body.errors).toEqual([{ field: name, message: 'must be JSON' }]);
    });

    it('reports every bad parameter at once', () => {
      expect(fields({ sort: 'x', range: 'y', filter: 'z' }).sort()).toEqual(['filter', 'range', 'sort']);
    });
  });

  describe('range', () => {
    it('turns [start, end] into an offset and a limit, both ends included', () => {
      expect(parseListQuery({ range: '[0,24]' }, SPEC)).toMatchObject({ start: 0, limit: 25 });
      expect(parseListQuery({ range: '[10,19]' }, SPEC)).toMatchObject({ start: 10, limit: 10 });
      expect(parseListQuery({ range: '[5,5]' }, SPEC)).toMatchObject({ start: 5, limit: 1 });
    });

    it(`allows exactly MAX_PAGE (${MAX_PAGE}) rows and refuses one more`, () => {
      expect(parseListQuery({ range: `[0,${MAX_PAGE - 1}]` }, SPEC)).toMatchObject({ start: 0, limit: MAX_PAGE });
      expect(parseListQuery({ range: `[2000,${2000 + MAX_PAGE - 1}]` }, SPEC)).toMatchObject({ start: 2000, limit: MAX_PAGE });
      const body = rejection({ range: `[0,${MAX_PAGE}]` });
      expect(body.errors).toEqual([{ field: 'range', message: expect.stringContaining(String(MAX_PAGE)) }]);
    });

    it.each([
      ['end before start', '[10,5]'],
      ['a negative start', '[-1,5]'],
      ['fractions', '[0.5,10]'],
      ['strings', '["0","24"]'],
      ['one number', '[0]'],
      ['three numbers', '[0,1,2]'],
      ['an object', '{"start":0,"end":24}'],
      ['a bare number', '24'],
      ['numbers beyond PostgreSQL OFFSET (once a 400 without the field)', '[1e308,1e308]'],
      ['integers JavaScript cannot hold exactly', '[9007199254740993,9007199254740993]'],
    ])('refuses %s with a 400 naming range', (_label, range) => {
      expect(fields({ range })).toEqual(['range']);
    });
  });

  describe('filter', () => {
    it('keeps known filters, id and q', () => {
      const filter = { status: 'active', ownerId: '6f1c2f0e-8a4e-4a57-9d8e-0c1f4b0a1c2d', id: ['x'], q: 'abc' };
      expect(parseListQuery({ filter: JSON.stringify(filter) }, SPEC).filter).toEqual(filter);
    });

    it('accepts the extra filters a service allows', () => {
      expect(parseListQuery({ filter: '{"mine":true}' }, SPEC, ['mine']).filter).toEqual({ mine: true });
    });

    it.each(['toString', 'constructor', 'hasOwnProperty'])('refuses the inherited property name %s as a filter', (key) => {
      expect(fields({ filter: JSON.stringify({ [key]: 'x' }) })).toEqual([`filter.${key}`]);
    });

    it('refuses an unknown filter with a 400 naming filter.<key>, listing the known ones', () => {
      const body = rejection({ filter: '{"status":"active","firmId":"x","password":"y"}' });
      expect(body.errors.map((e) => e.field).sort()).toEqual(['filter.firmId', 'filter.password']);
      expect(body.errors[0].message).toMatch(/id, q, status, ownerId/);
    });

    it.each([
      ['an array', '["status"]'],
      ['null', 'null'],
      ['a string', '"active"'],
      ['a number', '1'],
    ])('refuses %s with a 400 naming filter', (_label, filter) => {
      expect(fields({ filter })).toEqual(['filter']);
    });
  });
});

describe('isUuid', () => {
  it.each([
    ['6f1c2f0e-8a4e-4a57-9d8e-0c1f4b0a1c2d', true],
    ['6F1C2F0E-8A4E-4A57-9D8E-0C1F4B0A1C2D', true],
    ['6f1c2f0e8a4e4a579d8e0c1f4b0a1c2d', false],
    ['6f1c2f0e-8a4e-4a57-9d8e-0c1f4b0a1c2', false],
    ["6f1c2f0e-8a4e-4a57-9d8e-0c1f4b0a1c2d' or 1=1", false],
    ['', false],
    [42, false],
    [null, false],
  ])('%s → %s', (v, ok) => {
    expect(isUuid(v)).toBe(ok);
  });
});

describe('empty and null filters, the same for every resource and filter', () => {
  const where = (filter: object, extra: string[] = []) => {
    const parsed = parseListQuery({ filter: JSON.stringify(filter) }, SPEC, extra);
    return { filter: parsed.filter, none: parsed.none ?? false, where: listConditions(parsed, SPEC, (v) => JSON.stringify(v)) };
  };

  it('an empty list of values matches nothing (it was `AND ()`, a syntax error)', () => {
    expect(where({ status: [] })).toEqual({ filter: {}, none: true, where: ['false'] });
    expect(where({ id: [], ownerId: ['6f1c2f0e-8a4e-4a57-9d8e-0c1f4b0a1c2d'] }).where).toEqual(['false', 't.owner_id = "6f1c2f0e-8a4e-4a57-9d8e-0c1f4b0a1c2d"']);
    // a resource's own filter too: it never sees the empty list, and the list is empty
    expect(where({ overdue: [] }, ['overdue'])).toEqual({ filter: {}, none: true, where: ['false'] });
  });

  it('null and the empty string filter nothing', () => {
    expect(where({ status: null, q: '', overdue: null }, ['overdue'])).toEqual({ filter: {}, none: false, where: [] });
  });

  it('a NUL or a lone surrogate in any JSON parameter is a 400 naming it', () => {
    expect(fields({ filter: '{"q":"a\\u0000"}' })).toEqual(['filter.q']);
    expect(fields({ filter: '{"status":["active","\\ud800"]}' })).toEqual(['filter.status[1]']);
    expect(fields({ sort: '["name\\u0000","ASC"]' })).toEqual(['sort[0]']);
  });
});

describe('Page', () => {
  it('contentRange of a non-empty page names the resource, first and last index and the total', () => {
    expect(new Page('clients', ['a', 'b', 'c'], 0, 57).contentRange).toBe('clients 0-2/57');
    expect(new Page('clients', Array(25).fill(0), 25, 57).contentRange).toBe('clients 25-49/57');
    expect(new Page('audit-logs', ['x'], 56, 57).contentRange).toBe('audit-logs 56-56/57');
  });

  it('contentRange of an empty page still carries the total', () => {
    expect(new Page('clients', [], 0, 0).contentRange).toBe('clients 0-0/0');
    // past the end of a list of 57
    expect(new Page('clients', [], 100, 57).contentRange).toBe('clients 100-100/57');
  });

  it('map keeps resource, start and total', () => {
    const p = new Page('users', [1, 2], 10, 12).map((n) => n * 10);
    expect(p.items).toEqual([10, 20]);
    expect(p.contentRange).toBe('users 10-11/12');
  });
});
