'use strict';
/**
 * Preloaded (node -r) into our server when the benchmark starts it as a child process; not part of the product.
 * Over the IPC channel it answers:
 *   {cmd: 'cpu'}            → {cpu: process.cpuUsage()} (microseconds of user and system CPU so far)
 *   {cmd: 'record'}         → starts recording every statement the app sends to PostgreSQL (text and values, as given
 *                             to the pool's client, server/src/database/prepared.ts)
 *   {cmd: 'stop-recording'} → {statements: [...]} and puts the client back as it was (measured runs are not hooked)
 *   {cmd: 'profile-start'}  → starts V8's CPU profiler (the one behind `node --cpu-prof`) through the inspector
 *   {cmd: 'profile-stop', file} → writes the .cpuprofile, so that a profile covers a load run and not the start-up
 * so that the baseline can run exactly the statements our server sends for a request.
 */
const { join } = require('node:path');
// the statements as the services send them, before the connection puts a transaction's start in front of one
// (PreparingClient.beginWithNext): what the baseline must run too
const { PreparingClient } = require(join(__dirname, '../server/dist/database/prepared.js'));
const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');

let session = null;
const post = (method, params) => new Promise((res, rej) => session.post(method, params, (err, r) => (err ? rej(err) : res(r))));

const original = PreparingClient.prototype.query;
let recorded = null;

function recordingQuery(config, values, callback) {
  if (recorded) {
    const text = typeof config === 'string' ? config : config && config.text;
    const vals = typeof config === 'object' && config && config.values ? config.values : Array.isArray(values) ? values : [];
    if (typeof text === 'string') recorded.push({ text, values: vals.map(plain) });
  }
  return original.apply(this, arguments);
}

function plain(v) {
  if (v instanceof Date) return { $date: v.toISOString() };
  if (Buffer.isBuffer(v)) return { $bytes: v.toString('base64') };
  return v === undefined ? null : v;
}

if (process.send) {
  process.on('message', (m) => {
    if (!m || typeof m !== 'object') return;
    if (m.cmd === 'cpu') process.send({ id: m.id, cpu: process.cpuUsage() });
    else if (m.cmd === 'record') {
      recorded = [];
      PreparingClient.prototype.query = recordingQuery;
      process.send({ id: m.id, ok: true });
    } else if (m.cmd === 'profile-start') {
      session = new inspector.Session();
      session.connect();
      post('Profiler.enable')
        .then(() => post('Profiler.setSamplingInterval', { interval: 200 }))
        .then(() => post('Profiler.start'))
        .then(() => process.send({ id: m.id, ok: true }), (e) => process.send({ id: m.id, error: String(e) }));
    } else if (m.cmd === 'profile-stop') {
      post('Profiler.stop')
        .then(({ profile }) => {
          writeFileSync(m.file, JSON.stringify(profile));
          session.disconnect();
          session = null;
          process.send({ id: m.id, ok: true });
        }, (e) => process.send({ id: m.id, error: String(e) }));
    } else if (m.cmd === 'stop-recording') {
      const statements = recorded || [];
      recorded = null;
      PreparingClient.prototype.query = original;
      process.send({ id: m.id, statements });
    }
  });
  // the IPC channel must not keep the server alive by itself, nor stop it
  process.channel && process.channel.unref();
}
