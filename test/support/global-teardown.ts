import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const db = (globalThis as any).__incidentDeskDb as { stop(): Promise<void>; dir: string } | undefined;
  if (!db) return;
  await db.stop();
  rmSync(db.dir, { recursive: true, force: true });
}
