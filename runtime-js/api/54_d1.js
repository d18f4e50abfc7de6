'use strict';
// D1 bindings as Workers has them (workerd src/cloudflare/internal/d1-api.ts): D1Database,
// D1DatabaseSession (withSession) and D1PreparedStatement, with D1's parameter types, result
// shapes and error texts ("D1_ERROR: …", "D1_TYPE_ERROR: …", "D1_EXEC_ERROR: …"). The native
// half (src/bindings/d1/) runs each call on the thread pool against the database's SQLite file:
// a batch of one for first/all/run/raw, one transaction for batch().
//
// Published: internals.bindingFactories.d1, for the `d1_databases` of wrangler.jsonc.

const {
  ArrayBuffer, ArrayBufferIsView, ArrayIsArray, ArrayPrototypePush, Error,
  ObjectDefineProperty, ObjectPrototypeIsPrototypeOf, StringPrototypeLocaleCompare,
  StringPrototypeTrim, TypeError, Uint8Array,
} = primordials;
const { d1Query, d1Exec, d1Dump } = ops;

// Session constraints (d1-api.ts): where a session's first query may go. Locally every query
// reaches the one primary, so they only decide what getBookmark() says before the first query.
const kFirstPrimary = 'first-primary';
const kFirstUnconstrained = 'first-unconstrained';

// D1's errors: "<PREFIX>: message", with the bare message as the cause.
function d1Error(prefix, message) {
  return new Error(`${prefix}: ${message}`, { cause: new Error(message) });
}

// Awaits a native op. It rejects with a string for the Worker's SQL errors (D1's text) and with
// an Error for edged's own failures ("internal error; reference = …"), which pass unchanged.
async function settle(prefix, promise) {
  try {
    return await promise;
  } catch (error) {
    if (typeof error === 'string') throw d1Error(prefix, error);
    throw error;
  }
}

const kMinInt64 = -(2n ** 63n);
const kMaxInt64 = 2n ** 63n - 1n;

// A bound value as D1 takes it (d1-api.ts bind()): booleans become 0/1, ArrayBuffers, views
// and arrays of byte values become BLOBs (copied now: later changes to the buffer are not seen).
// BigInts, which Cloudflare's D1 refuses, bind as exact 64-bit INTEGERs when they fit one.
function toParam(value) {
  const type = typeof value;
  if (type === 'number' || type === 'string') return value;
  if (type === 'bigint') {
    if (value < kMinInt64 || value > kMaxInt64) {
      throw d1Error('D1_TYPE_ERROR', `BigInt value '${value}' does not fit a 64-bit INTEGER`);
    }
    return value;
  }
  if (type === 'boolean') return value ? 1 : 0;
  if (type === 'object') {
    if (value === null) return null;
    if (ArrayIsArray(value)) {
      let bytes = true;
      for (let i = 0; i < value.length && bytes; i++) {
        const b = value[i];
        bytes = typeof b === 'number' && b >= 0 && b < 256;
      }
      if (bytes) return new Uint8Array(value);
    } else if (ObjectPrototypeIsPrototypeOf(ArrayBuffer.prototype, value)) {
      return new Uint8Array(new Uint8Array(value));
    } else if (ArrayBufferIsView(value)) {
      return new Uint8Array(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    }
  }
  throw d1Error('D1_TYPE_ERROR', `Type '${type}' not supported for value '${value}'`);
}

// workers-types D1Meta, for one query's counts from the native half.
function toMeta(meta) {
  return {
    served_by: 'edged',
    served_by_primary: true,
    duration: meta[0],
    changes: meta[1],
    last_row_id: meta[2],
    changed_db: meta[3],
    size_after: meta[4],
    rows_read: meta[5],
    rows_written: meta[6],
    timings: { sql_duration_ms: meta[0] },
  };
}

// A row as an object keyed by column name (a later column of the same name wins, as D1's
// Object.fromEntries does; "__proto__" is an ordinary key).
function toObject(columns, row) {
  const object = {};
  for (let i = 0; i < columns.length; i++) {
    ObjectDefineProperty(object, columns[i], {
      value: row[i], writable: true, enumerable: true, configurable: true,
    });
  }
  return object;
}

// D1Result: { success, meta, results } with rows as objects.
function toResult(result) {
  const columns = result[0];
  const rows = result[1];
  const results = [];
  for (let i = 0; i < rows.length; i++) ArrayPrototypePush(results, toObject(columns, rows[i]));
  return { success: true, meta: toMeta(result[2]), results };
}

class D1DatabaseSession {
  #file;
  #bookmarkOrConstraint;
  #alwaysPrimary;

  constructor(key, file, bookmarkOrConstraint, alwaysPrimary = false) {
    if (key !== internals) throw new TypeError('Illegal constructor');
    this.#file = file;
    this.#bookmarkOrConstraint = bookmarkOrConstraint;
    this.#alwaysPrimary = alwaysPrimary;
  }

  static {
    // Runs [[sql, params], …] in one transaction; keeps the newest bookmark seen.
    internals.d1SessionQuery = async (session, queries) => {
      const answer = await settle('D1_ERROR', d1Query(session.#file, queries));
      const bookmark = answer[0];
      const current = session.getBookmark();
      if (!session.#alwaysPrimary && (current === null || StringPrototypeLocaleCompare(current, bookmark) < 0)) {
        session.#bookmarkOrConstraint = bookmark;
      }
      return answer[1];
    };
  }

  prepare(query) {
    return new D1PreparedStatement(internals, this, query);
  }

  async batch(statements) {
    if (!ArrayIsArray(statements)) throw new TypeError('statements.map is not a function');
    const queries = [];
    for (let i = 0; i < statements.length; i++) {
      ArrayPrototypePush(queries, [statements[i].statement, statements[i].params]);
    }
    const results = await internals.d1SessionQuery(this, queries);
    const out = [];
    for (let i = 0; i < results.length; i++) ArrayPrototypePush(out, toResult(results[i]));
    return out;
  }

  // The newest bookmark this session's queries returned; null before the first one (and always
  // for the database's own, always-primary session).
  getBookmark() {
    if (this.#alwaysPrimary) return null;
    const value = this.#bookmarkOrConstraint;
    return value === kFirstPrimary || value === kFirstUnconstrained ? null : value;
  }
}

class D1PreparedStatement {
  #session;

  constructor(key, session, statement, params = []) {
    if (key !== internals) throw new TypeError('Illegal constructor');
    this.#session = session;
    this.statement = statement;
    this.params = params;
  }

  bind(...values) {
    const params = [];
    for (let i = 0; i < values.length; i++) ArrayPrototypePush(params, toParam(values[i]));
    return new D1PreparedStatement(internals, this.#session, this.statement, params);
  }

  async #query() {
    const results = await internals.d1SessionQuery(this.#session, [[this.statement, this.params]]);
    return toResult(results[0]);
  }

  async first(colName) {
    const { results } = await this.#query();
    if (results.length === 0) return null;
    const row = results[0];
    if (colName !== undefined) {
      if (row[colName] === undefined) {
        throw new Error(`D1_COLUMN_NOTFOUND: Column not found (${colName})`, {
          cause: new Error('Column not found'),
        });
      }
      return row[colName];
    }
    return row;
  }

  run() {
    return this.#query();
  }

  all() {
    return this.#query();
  }

  async raw(options) {
    const results = await internals.d1SessionQuery(this.#session, [[this.statement, this.params]]);
    const rows = results[0][1];
    if (!options?.columnNames) return rows;
    const out = [results[0][0]];
    for (let i = 0; i < rows.length; i++) ArrayPrototypePush(out, rows[i]);
    return out;
  }
}

class D1Database {
  #file;
  #primary;

  constructor(key, file) {
    if (key !== internals) throw new TypeError('Illegal constructor');
    this.#file = file;
    this.#primary = new D1DatabaseSession(internals, file, kFirstPrimary, true);
  }

  prepare(query) {
    return new D1PreparedStatement(internals, this.#primary, query);
  }

  batch(statements) {
    return this.#primary.batch(statements);
  }

  // Each line of `query` is a statement (D1 splits on newlines), all in one transaction.
  async exec(query) {
    if (typeof query !== 'string') throw new TypeError('query.trim is not a function');
    const answer = await settle('D1_EXEC_ERROR', d1Exec(this.#file, query));
    return { count: answer[0], duration: answer[1] };
  }

  withSession(constraintOrBookmark) {
    let value;
    if (typeof constraintOrBookmark === 'string') {
      value = StringPrototypeTrim(constraintOrBookmark);
    } else if (constraintOrBookmark !== undefined && constraintOrBookmark !== null) {
      throw new TypeError('constraintOrBookmark?.trim is not a function');
    }
    if (value === undefined || value === '') value = kFirstUnconstrained;
    return new D1DatabaseSession(internals, this.#file, value);
  }

  // The database file's bytes (deprecated on Cloudflare, where only alpha databases had it).
  dump() {
    return settle('D1_DUMP_ERROR', d1Dump(this.#file));
  }
}

internals.bindingFactories.d1 = (spec) => new D1Database(internals, spec.file);
