'use strict';
/**
 * npm run bench:upload [-- --gb 2]
 *
 * The memory of our server while an evidence file of N GB (default 2) goes up and comes down through the API: starts
 * the production build (server/dist/main.js, a new DATA_DIR in the system's temporary folder, the embedded
 * PostgreSQL, the demo data), signs in as the demo manager, streams a multipart upload of N GB of pseudo-random bytes
 * (made as they are sent) to POST /api/attachments, then downloads it, sampling the server process's resident memory
 * (VmRSS, /proc) every 50 ms. Prints the resident memory before, the highest during each transfer, the rates, and
 * whether the SHA-256 the server recorded and the one of the download are the bytes sent. Removes its folder.
 * Not part of `npm test`.
 */
const { spawn } = require('node:child_process');
const { createCipheriv, createHash } = require('node:crypto');
const { chmodSync, mkdtempSync, readFileSync, rmSync } = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');
const { freePort } = require(join(ROOT, 'server/dist/database/embedded.js'));
const MB = 1024 * 1024;

const gbArg = process.argv.indexOf('--gb');
const GB = gbArg > 0 ? Number(process.argv[gbArg + 1]) : 2;
const SIZE = Math.round(GB * 1024 * MB);

const rss = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
const mb = (n) => `${(n / MB).toFixed(0)} MB`;

function sampler(pid) {
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, rss(pid))), 50);
  return { stop: () => (clearInterval(timer), peak) };
}

function json(method, url, body, headers = {}) {
  return new Promise((ok, fail) => {
    const req = http.request(url, { method, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => ok({ status: res.statusCode, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', fail);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

/** Streams a multipart form with `size` pseudo-random bytes (AES-128-CTR over zeros) as its file. */
function upload(url, auth, entityId, size) {
  const boundary = '----uploadmemory';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="entity"\r\n\r\nincidents\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="entityId"\r\n\r\n${entityId}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="disk.img"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, 5), Buffer.alloc(16, 0));
  const zeros = Buffer.alloc(MB);
  const hash = createHash('sha256');
  return new Promise((ok, fail) => {
    const req = http.request(url, {
      method: 'POST',
      headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(head.length + size + tail.length) },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => ok({ status: res.statusCode, body: JSON.parse(text), sent: hash.digest('hex') }));
    });
    req.on('error', fail);
    let left = size;
    const pump = () => {
      while (left > 0) {
        const n = Math.min(MB, left);
        left -= n;
        const chunk = cipher.update(n === MB ? zeros : zeros.subarray(0, n));
        hash.update(chunk);
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end(tail);
    };
    req.write(head);
    pump();
  });
}

function download(url, auth) {
  return new Promise((ok, fail) => {
    http.get(url, { headers: auth }, (res) => {
      const hash = createHash('sha256');
      let size = 0;
      res.on('data', (c) => (hash.update(c), (size += c.length)));
      res.on('end', () => ok({ status: res.statusCode, size, sha256: hash.digest('hex') }));
    }).on('error', fail);
  });
}

async function main() {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'incident-desk-upload-memory-'));
  // the embedded PostgreSQL runs as its own user, which must reach its folder
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const server = spawn(process.execPath, [join(ROOT, 'server/dist/main.js')], {
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_FORMAT: 'json', LOG_LEVEL: 'warn', PASSWORD_SCRYPT_LOG2N: '12', ADMIN_DIST: '/nonexistent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((r) => server.once('exit', r));
  let output = '';
  server.stdout.on('data', (c) => (output = (output + c).slice(-4000)));
  try {
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      const up = await json('GET', `${base}/api/health`).catch(() => null);
      if (up && up.status === 200) break;
      if (i > 1800 || server.exitCode !== null) throw new Error(`the server did not start within 180 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const login = await json('POST', `${base}/api/auth/login`, { email: 'manager@demo.test', password: 'demo-pass-2026' });
    const auth = { authorization: `Bearer ${login.body.accessToken}` };
    const incidents = await json('GET', `${base}/api/incidents?range=${encodeURIComponent('[0,0]')}`, null, auth);
    const incidentId = incidents.body[0].id;
    await new Promise((r) => setTimeout(r, 1000));
    const idle = rss(server.pid);

    let s = sampler(server.pid);
    let began = Date.now();
    const up = await upload(`${base}/api/attachments`, auth, incidentId, SIZE);
    const upMs = Date.now() - began;
    const upPeak = s.stop();
    if (up.status !== 201) throw new Error(`upload: ${up.status} ${JSON.stringify(up.body)}`);

    s = sampler(server.pid);
    began = Date.now();
    const down = await download(`${base}/api/attachments/${up.body.id}/content`, auth);
    const downMs = Date.now() - began;
    const downPeak = s.stop();

    const line = (what, peak, ms) => `${what}: peak ${mb(peak)} (+${mb(peak - idle)} over idle), ${(SIZE / MB / (ms / 1000)).toFixed(0)} MB/s, ${(ms / 1000).toFixed(1)} s`;
    console.log(
      [
        `evidence file of ${GB} GB (${SIZE} bytes) through the API, the server's resident memory (VmRSS):`,
        `idle after start: ${mb(idle)}`,
        line('upload', upPeak, upMs),
        line('download', downPeak, downMs),
        `SHA-256 recorded = sent: ${up.body.sha256 === up.sent}; downloaded = sent: ${down.sha256 === up.sent} (${down.size} bytes)`,
      ].join('\n'),
    );
  } finally {
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
