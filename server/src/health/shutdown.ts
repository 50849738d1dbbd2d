import type { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';

/** A drain is over once no request has been running for this long (a connection accepted just before the listening
 *  socket closed has sent its request by then). */
const QUIET_MS = 200;

/**
 * Stopping without dropping work (SIGTERM, SIGINT). `trackRequests` is called before the server listens; `close`
 * then stops accepting connections — the listening socket alone is closed: the connections already accepted are
 * served, even one whose request has not been read yet (http.Server.close() would destroy those as "idle": clients
 * saw connection resets) — and every response from then on carries `Connection: close`. Once no request has run for
 * QUIET_MS, or after `drainMs` (when the connections still open are cut), the application closes: the idle
 * keep-alive connections, then the database pool, once no request uses it.
 */
export class GracefulShutdown {
  private readonly inFlight = new Set<ServerResponse>();
  private closing = false;
  private lastActivity = 0;

  constructor(
    private readonly app: NestFastifyApplication,
    private readonly log: Logger,
  ) {}

  /** Counts the requests being answered (from the Node server, so that every route, hook and 404 counts). */
  trackRequests() {
    this.server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
      this.lastActivity = Date.now();
      if (this.closing) res.setHeader('connection', 'close');
      this.inFlight.add(res);
      res.once('close', () => {
        this.inFlight.delete(res);
        this.lastActivity = Date.now();
      });
    });
  }

  /**
   * Drains and closes the application; resolves when it is closed (or given up on: the caller stops the process).
   * `beforeClose`: what must end before the application closes its pool (the job runner's handlers in flight).
   */
  async close(drainMs: number, beforeClose?: () => Promise<unknown> | undefined): Promise<void> {
    this.closing = true;
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
    const began = Date.now();
    const server = this.server;
    // net.Server's close, not http.Server's: stop listening without destroying accepted connections
    if (server.listening) netClose.call(server);
    let served = 0;
    const counted = () => served++;
    server.on('request', counted);
    while (this.inFlight.size > 0 || Date.now() - this.lastActivity < QUIET_MS) {
      if (Date.now() - began >= drainMs) {
        this.log.warn(`${this.inFlight.size} requests still running after ${drainMs / 1000} s: closing their connections`);
        server.closeAllConnections();
        break;
      }
      await sleep(20);
    }
    server.off('request', counted);
    this.log.log(`stopped accepting connections; answered what was in flight (${served} requests arrived meanwhile) in ${Date.now() - began} ms`);
    if (beforeClose && !(await within(Promise.resolve(beforeClose()).then(() => true), 20_000))) this.log.warn('the job runner did not stop in time');
    const closed = this.app.close().then(
      () => true,
      (e) => {
        this.log.error(`closing the application failed: ${e instanceof Error ? e.message : e}`);
        return true;
      },
    );
    // what still holds the pool gets a few seconds; PostgreSQL's fast shutdown ends its sessions after that
    if (!(await within(closed, 5000))) this.log.warn('the application did not close in time');
  }

  /** The next signal during a drain: cut the connections at once (the caller still stops PostgreSQL cleanly). */
  hurry() {
    this.log.warn(`stopping now: closing ${this.inFlight.size} connections still answering`);
    this.server.closeAllConnections();
  }

  private get server(): Server {
    return this.app.getHttpServer() as Server;
  }
}

const netClose = NetServer.prototype.close;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    p.then(() => {
      clearTimeout(t);
      resolve(true);
    });
  });
}
