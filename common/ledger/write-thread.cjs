// Worker thread behind write-thread.ts: owns one SQLite write connection and runs each batch of
// prepared statements in one transaction, so a commit's fsync blocks this thread, not the event loop.
// Plain CommonJS so it loads the same way under tsx, vitest and node (workers get no TS loader).
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);

const db = new Database(workerData.file, { fileMustExist: true });
for (const pragma of workerData.pragmas) db.pragma(pragma);
const statements = workerData.statements.map((sql) => db.prepare(sql));
let synchronous = null;

parentPort.on('message', (message) => {
  if (message.close) {
    db.close();
    parentPort.close();
    return;
  }
  try {
    if (message.synchronous !== synchronous) {
      db.pragma(`synchronous = ${message.synchronous}`);
      synchronous = message.synchronous;
    }
    let lastInsertRowid = 0;
    db.transaction(() => {
      for (const op of message.ops) lastInsertRowid = Number(statements[op[0]].run(...op.slice(1)).lastInsertRowid);
    })();
    parentPort.postMessage({ id: message.id, lastInsertRowid });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: { message: String(error && error.message), code: error && error.code } });
  }
});
