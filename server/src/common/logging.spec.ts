import { Writable } from 'node:stream';
import { QueryFailedError } from 'typeorm';
import { AppLogger, createLogger, errorForLog, QueryLogger } from './logging';

function capture(level: 'log' | 'debug' = 'log') {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ logLevel: level, logFormat: 'json' }, new Writable({ write: (c, _e, done) => (lines.push(JSON.parse(String(c))), done()) }));
  return { log, lines };
}

/** A failed query as TypeORM reports it: pg's error with SQLSTATE, constraint and detail. */
function pgError(code: string, message: string, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(message), { code, ...extra });
}

describe('logging', () => {
  describe(QueryLogger.name, () => {
    it('logs a failed query with its SQL text, code and constraint, never its parameters nor the detail', () => {
      const { log, lines } = capture();
      const err = pgError('23505', 'duplicate key value violates unique constraint "users_firm_id_email_key"', {
        constraint: 'users_firm_id_email_key',
        detail: 'Key (firm_id, email)=(f, alice@x.test) already exists.',
      });
      new QueryLogger(log).logQueryError(err, 'insert into users (email, password_hash) values ($1, $2)', ['alice@x.test', 'scrypt$17$8$1$a$b']);
      expect(lines).toEqual([
        expect.objectContaining({
          level: 40,
          msg: 'query failed',
          sql: 'insert into users (email, password_hash) values ($1, $2)',
          code: '23505',
          constraint: 'users_firm_id_email_key',
        }),
      ]);
      expect(JSON.stringify(lines)).not.toMatch(/alice|scrypt|Key \(/);
    });

    it('leaves out the message of a data exception, which quotes the value given', () => {
      const { log, lines } = capture();
      new QueryLogger(log).logQueryError(pgError('22P02', 'invalid input syntax for type uuid: "alice@x.test"'), 'select $1::uuid', ['alice@x.test']);
      expect(JSON.stringify(lines)).not.toContain('alice');
      expect(lines[0]).toMatchObject({ code: '22P02', level: 40 });
    });

    it('a failure the client did not cause is an error', () => {
      const { log, lines } = capture();
      new QueryLogger(log).logQueryError(pgError('40P01', 'deadlock detected'), 'update x set y = $1', [1]);
      expect(lines[0]).toMatchObject({ level: 50, code: '40P01', message: 'deadlock detected' });
    });
  });

  describe(errorForLog.name, () => {
    it("keeps a QueryFailedError's kind, message, code and stack, and none of its query, parameters or driver error", () => {
      const e = new QueryFailedError('insert into users values ($1)', ['alice@x.test'], pgError('23505', 'duplicate key', { detail: 'alice@x.test' }) as Error);
      const logged = errorForLog(e);
      expect(logged).toMatchObject({ type: 'QueryFailedError', message: 'duplicate key', code: '23505', stack: expect.stringMatching(/^QueryFailedError: duplicate key\n {4}at /) });
      expect(JSON.stringify(logged)).not.toContain('alice');
    });
  });

  describe(AppLogger.name, () => {
    it("writes Nest's levels as pino's, with the context, and an Error as a safe err", () => {
      const { log, lines } = capture();
      const nest = new AppLogger(log);
      nest.log('hello', 'Ctx');
      nest.warn('careful');
      nest.debug('hidden at log level');
      nest.error(new QueryFailedError('select $1', ['secret@x.test'], pgError('XX000', 'boom') as Error), 'Errors');
      expect(lines.map((l) => [l.level, l.msg, l.context])).toEqual([
        [30, 'hello', 'Ctx'],
        [40, 'careful', undefined],
        [50, 'boom', 'Errors'],
      ]);
      expect(JSON.stringify(lines)).not.toContain('secret@x.test');
    });
  });
});
