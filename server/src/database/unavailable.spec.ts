import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { AllExceptionsFilter } from '../common/exception.filter';
import { isDatabaseUnavailable } from './unavailable';

/** An error as pg makes it: a message, and a SQLSTATE or socket code. */
const pgError = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});
const queryFailed = (e: Error) => new QueryFailedError('select 1', [], e);

describe(isDatabaseUnavailable.name, () => {
  it.each([
    ['refused connection', pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['reset connection', pgError('read ECONNRESET', 'ECONNRESET')],
    ['server gone mid-query', queryFailed(pgError('Connection terminated unexpectedly'))],
    ['broken client reused', queryFailed(pgError('Client has encountered a connection error and is not queryable'))],
    ['pool connect timeout', pgError('timeout exceeded when trying to connect')],
    ['fast shutdown (57P01)', queryFailed(pgError('terminating connection due to administrator command', '57P01'))],
    ['crash of another backend (57P02)', queryFailed(pgError('terminating connection because of crash of another server process', '57P02'))],
    ['starting up (57P03)', pgError('the database system is starting up', '57P03')],
    ['too many connections (53300)', pgError('sorry, too many clients already', '53300')],
    ['connection failure (08006)', pgError('connection failure', '08006')],
    ['both addresses of localhost refused', new AggregateError([pgError('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED'), pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')])],
    ['the cause of a wrapped error', new Error('Connection terminated due to connection timeout', { cause: pgError('x', 'ETIMEDOUT') })],
    ['query runner released by its failed connection', new QueryRunnerAlreadyReleasedError()],
    ['query runner provider released by its failed connection', new QueryRunnerProviderAlreadyReleasedError()],
  ])('%s: yes', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['unique violation', queryFailed(pgError('duplicate key', '23505'))],
    ['statement timeout (57014)', queryFailed(pgError('canceling statement due to statement timeout', '57014'))],
    ['deadlock', queryFailed(pgError('deadlock detected', '40P01'))],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error', 'Connection terminated'],
    ['nothing', null],
    ['an aggregate with one other error', new AggregateError([pgError('x', 'ECONNREFUSED'), new Error('boom')])],
  ])('%s: no', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe(`${AllExceptionsFilter.name} when the database is away`, () => {
  const filter = new AllExceptionsFilter();

  it('answers 503 database_unavailable, never 500', () => {
    expect(filter.toResponse(queryFailed(pgError('Connection terminated unexpectedly')))).toEqual({
      status: 503,
      body: { statusCode: 503, code: 'database_unavailable', message: 'the database is unavailable; try again shortly' },
    });
    expect(filter.toResponse(new TypeError('bug')).status).toBe(500);
  });

  it('sends Retry-After with the 503', () => {
    const headers: Record<string, string> = {};
    const reply = { header: (k: string, v: string) => (headers[k] = v), status: jest.fn().mockReturnThis(), send: jest.fn() };
    const host = { switchToHttp: () => ({ getResponse: () => reply }) };
    (filter as unknown as { log: { warn(): void } }).log.warn = () => undefined;
    filter.catch(pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), host as never);
    expect(reply.status).toHaveBeenCalledWith(503);
    expect(headers['retry-after']).toBe('5');
  });
});
