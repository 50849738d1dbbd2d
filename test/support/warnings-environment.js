'use strict';
/**
 * The API tests' jest environment: jest's node environment, plus a record of every warning the process emits while a
 * test file runs (DeprecationWarning and any other process.emitWarning). Tests run in a sandbox whose `process` is a
 * copy, so the listener is on the real process, here; the list is the test file's `__processWarnings`
 * (test/support/app.ts: an app closes with an error when one was emitted while it ran).
 */
const { TestEnvironment } = require('jest-environment-node');

class WarningsEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.warnings = [];
    this.onWarning = (w) => this.warnings.push({ name: w.name, message: w.message, code: w.code ?? null, stack: w.stack ?? '' });
    this.global.__processWarnings = this.warnings;
  }

  async setup() {
    await super.setup();
    process.on('warning', this.onWarning);
  }

  async teardown() {
    process.off('warning', this.onWarning);
    await super.teardown();
  }
}

module.exports = WarningsEnvironment;
