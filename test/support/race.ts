import type { Client } from 'pg';
import { connect } from './db';

/**
 * Makes a race happen every time rather than now and then. Requests sent together with Promise.all do not reliably
 * overlap in the server (the first may be done before the last has started), so a transaction of the test's own (as
 * the superuser, beside row-level security) holds a lock on the record the racers are about to change, the racers are
 * all sent, and the lock is let go only when every one of them is either waiting behind it (directly, or behind
 * another racer) or done. From there they run into each other as concurrent requests do, whatever the order in which
 * the server started them. `FOR SHARE` lets readers and foreign-key checks through; every writer of the row waits.
 */
export class RaceGate {
  private constructor(
    private readonly db: Client,
    private readonly pid: number,
  ) {}

  static async open(): Promise<RaceGate> {
    const db = await connect('super');
    const [{ pid }] = (await db.query('select pg_backend_pid() as pid')).rows;
    return new RaceGate(db, pid);
  }

  close(): Promise<void> {
    return this.db.end();
  }

  /** Sends the racers while `table`'s row (firm_id, id) is held; their results in order. */
  race<T>(table: string, firmId: string, id: string, racers: (() => PromiseLike<T>)[]): Promise<T[]> {
    return this.holding(`select 1 from ${table} where firm_id = $1 and id = $2 for share`, [firmId, id], racers);
  }

  /**
   * Sends the racers while the rows `hold` selects (`… for share`, at least one) are held, and then, once they are all
   * in flight, the `later` ones (a race in a given order: what the first are doing when the later come); the results
   * of all in order.
   */
  async holding<T>(hold: string, params: unknown[], racers: (() => PromiseLike<T>)[], later: (() => PromiseLike<T>)[] = []): Promise<T[]> {
    await this.db.query('begin');
    try {
      if (!(await this.db.query(hold, params)).rowCount) throw new Error(`nothing to hold: ${hold}`);
      let done = 0;
      const send = (group: (() => PromiseLike<T>)[]) => {
        const all = Promise.all(group.map((r) => Promise.resolve(r()).finally(() => done++)));
        all.catch(() => undefined);
        return all;
      };
      const first = send(racers);
      await this.inFlight(() => done, racers.length);
      const second = send(later);
      await this.inFlight(() => done, racers.length + later.length);
      await this.db.query('commit');
      return [...(await first), ...(await second)];
    } catch (e) {
      await this.db.query('rollback').catch(() => undefined);
      throw e;
    }
  }

  /** Until `n` racers are done or waiting (20 s at most). */
  private async inFlight(done: () => number, n: number) {
    const deadline = Date.now() + 20_000;
    while (done() + (await this.waiting()) < n) {
      if (Date.now() > deadline) throw new Error(`racers not in flight: ${done()} done, ${await this.waiting()} waiting of ${n}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Sessions waiting for the gate's lock, or for a session that waits for it (a queue of racers). */
  private async waiting(): Promise<number> {
    // pg_stat_activity is read once per transaction unless its snapshot is cleared
    await this.db.query('select pg_stat_clear_snapshot()');
    const { rows } = await this.db.query(
      `with recursive w(pid) as (
         select a.pid from pg_stat_activity a where $1 = any(pg_blocking_pids(a.pid))
         union
         select a.pid from pg_stat_activity a, w where w.pid = any(pg_blocking_pids(a.pid)))
       select count(*)::int as n from w`,
      [this.pid],
    );
    return rows[0].n;
  }
}
