import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { inFirmScope } from '../tenancy/tenant-db.service';
import type { EvidenceStore } from './evidence-store';
import { ALL_FIRM_IDS, CONTENTS_MOVED, NEXT_TO_MOVE, SET_STORAGE_KEY } from './storage.queries';

export interface MoveResult {
  moved: number;
  /** files left in PostgreSQL because their bytes do not match their recorded SHA-256 or size (firm, id, why) */
  refused: { firmId: string; id: string; reason: string }[];
}

/**
 * Moves the attachments still kept in PostgreSQL (`attachment_contents`, from before the evidence store) into the
 * store, as the app role, firm by firm in each firm's scope. One file per transaction: its row is taken
 * `FOR UPDATE SKIP LOCKED` (two servers moving at once take different files; a file being moved is skipped, not
 * waited for), its bytes checked against the row's SHA-256 and size, written to the store, read back from the store
 * and hashed again; only then is its key recorded and its bytes removed from PostgreSQL, in the same transaction. A
 * crash leaves at most a file in the store that no row names yet (the folder store: its content address, written
 * again the next time). Run again, it carries on with what is left; with nothing left it does nothing.
 */
export async function moveAttachmentsToStore(
  appUrl: string,
  store: EvidenceStore,
  log: (msg: string) => void = () => undefined,
  opts: { firmIds?: string[] } = {},
): Promise<MoveResult> {
  const c = new Client({ connectionString: appUrl, application_name: 'incident-desk-move-attachments' });
  c.on('error', () => undefined);
  await c.connect();
  const result: MoveResult = { moved: 0, refused: [] };
  try {
    const { rows: all } = await c.query<{ id: string }>(ALL_FIRM_IDS);
    // every firm, or those asked for
    const firms = opts.firmIds ? all.filter((f) => opts.firmIds!.includes(f.id)) : all;
    for (const { id: firmId } of firms) {
      const skip: string[] = [];
      for (;;) {
        const outcome = await inFirmScope(c, firmId, async () => {
          const { rows } = await c.query<{ id: string; sha256: string; size: string; content: Buffer }>(NEXT_TO_MOVE, [firmId, skip]);
          const a = rows[0];
          if (!a) return 'done' as const;
          const why = mismatch(a.content, a.sha256, Number(a.size));
          if (why) return { refused: a.id, reason: `in PostgreSQL: ${why}` };
          const staged = await store.stage(Readable.from([a.content]));
          if (staged.sha256 !== a.sha256 || staged.size !== Number(a.size)) {
            await store.discard(staged);
            return { refused: a.id, reason: 'written to the store: other bytes arrived' };
          }
          const key = await store.commit(staged);
          const back = await hashOf(await store.open(key));
          if (back.sha256 !== a.sha256 || back.size !== Number(a.size)) return { refused: a.id, reason: `read back from the store (${key}): other bytes` };
          await c.query(SET_STORAGE_KEY, [firmId, a.id, key]);
          const { rows: gone } = await c.query<{ ok: boolean }>(CONTENTS_MOVED, [firmId, a.id]);
          if (!gone[0]?.ok) throw new Error(`attachment ${a.id}: its bytes were not removed from PostgreSQL`);
          return 'moved' as const;
        });
        if (outcome === 'done') break;
        if (outcome === 'moved') {
          result.moved++;
          if (result.moved % 100 === 0) log(`${result.moved} attachments moved to the ${store.driver} store`);
          continue;
        }
        skip.push(outcome.refused);
        result.refused.push({ firmId, id: outcome.refused, reason: outcome.reason });
        log(`attachment ${outcome.refused} of firm ${firmId} left in PostgreSQL: its bytes do not match its SHA-256 or size (${outcome.reason})`);
      }
    }
    return result;
  } finally {
    await c.end().catch(() => undefined);
  }
}

function mismatch(content: Buffer, sha256: string, size: number): string | null {
  if (content.length !== size) return `${content.length} bytes, the row says ${size}`;
  const actual = createHash('sha256').update(content).digest('hex');
  return actual === sha256 ? null : `SHA-256 ${actual}, the row says ${sha256}`;
}

async function hashOf(stream: Readable): Promise<{ sha256: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    h.update(chunk);
    size += chunk.length;
  }
  return { sha256: h.digest('hex'), size };
}
