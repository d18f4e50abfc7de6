'use strict';
// ctx.storage of a Durable Object as Workers has it (workerd api/actor-state.{h,c++},
// api/sql.{h,c++}): DurableObjectStorage with the key-value API, transactions and the alarm,
// and the SQL API (SqlStorage, SqlStorageCursor). The native half (src/bindings/
// durable_objects/storage_*ops.cc over ObjectStorage) stores and checks limits; this file
// shapes arguments and results. Every storage call is synchronous natively, so the promises
// returned here are already settled: no other event can slip in while one is "in flight"
// (Cloudflare's input gate), and the owner commits an event's writes together when it ends.
//
// Published: internals.newDurableObjectStorage(handle), used by DurableObjectState.storage.

const {
  ArrayBuffer, ArrayBufferIsView, ArrayIsArray, DateNow, DatePrototypeGetTime, Error, Map,
  MapPrototypeSet, MathTrunc, NumberIsNaN, ObjectDefineProperty, ObjectPrototypeIsPrototypeOf,
  PromiseReject, PromiseResolve, String, SymbolIterator, TypeError, Date,
  ArrayPrototypePush, ArrayPrototypeSlice,
} = primordials;
const {
  doStorageGet, doStorageGetMany, doStoragePut, doStoragePutMany, doStorageDelete,
  doStorageDeleteMany, doStorageList, doStorageDeleteAll, doStorageGetAlarm, doStorageSetAlarm,
  doStorageDeleteAlarm, doStorageSqlEnabled, doStorageSqlExec, doStorageDatabaseSize,
  doStorageTransactionBegin, doStorageTransactionCommit, doStorageTransactionRollback,
  doStorageSync,
} = ops;

// workerd api/actor-state.c++ getSqliteDb(), as local workerd (and wrangler dev) word it for a
// class declared under `new_classes`. The missing space after "directly," is theirs.
const kSqlNotEnabled =
  'SQL is not enabled for this Durable Object class. To enable it, change ' +
  '`new_classes` to `new_sqlite_classes` within the \'migrations\' field in ' +
  'your wrangler.jsonc or wrangler.toml file. If using workerd directly,' +
  'set `enableSql = true` in your workerd config for the class. Note ' +
  'that this change cannot be made after the class is ' +
  'already deployed to production.';
const kPutSignature =
  'put() may only be called with a single key-value pair and optional options as ' +
  'put(key, value, options) or with multiple key-value pairs and optional options as ' +
  'put(entries, options)';

// A promise for what `fn` returns, rejected with what it throws (workerd's promise-returning
// methods never throw synchronously).
function settled(fn) {
  try {
    return PromiseResolve(fn());
  } catch (error) {
    return PromiseReject(error);
  }
}

// WebIDL DOMString: keys are strings, anything else is converted (as workerd's kj::String).
const toKey = (key) => {
  if (typeof key === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
  return String(key);
};
function toKeys(keys) {
  const out = [];
  for (let i = 0; i < keys.length; i++) out[i] = toKey(keys[i]);
  return out;
}

// [key, value, key, value…] → Map in that (key) order.
function toMap(flat) {
  const map = new Map();
  for (let i = 0; i < flat.length; i += 2) MapPrototypeSet(map, flat[i], flat[i + 1]);
  return map;
}

function optionalString(options, name) {
  const value = options[name];
  return value === undefined ? undefined : toKey(value);
}

// Date or milliseconds since the epoch (workerd's kj::Date argument).
function toAlarmTime(scheduledTime) {
  let ms;
  if (ObjectPrototypeIsPrototypeOf(Date.prototype, scheduledTime)) {
    ms = DatePrototypeGetTime(scheduledTime);
  } else if (typeof scheduledTime === 'number') {
    ms = scheduledTime;
  } else {
    throw new TypeError(
      "Failed to execute 'setAlarm' on 'DurableObjectStorage': parameter 1 is not of type 'Date'.");
  }
  if (NumberIsNaN(ms)) {
    throw new TypeError(
      "Failed to execute 'setAlarm' on 'DurableObjectStorage': parameter 1 is not of type 'Date'.");
  }
  ms = MathTrunc(ms);
  if (ms <= 0) throw new TypeError('setAlarm() cannot be called with an alarm time <= 0');
  // A time in the past fires now; workerd stores Date.now() so alarm times stay ordered.
  const now = MathTrunc(DateNow());
  return ms < now ? now : ms;
}

// The key-value and alarm operations shared by DurableObjectStorage and DurableObjectTransaction.
const operations = {
  get(handle, keys) {
    if (ArrayIsArray(keys)) return toMap(doStorageGetMany(handle, toKeys(keys)));
    return doStorageGet(handle, toKey(keys));
  },
  put(handle, keyOrEntries, value, options) {
    if (typeof keyOrEntries === 'object' && keyOrEntries !== null && !ArrayIsArray(keyOrEntries)) {
      if (value !== undefined && (typeof value !== 'object' || value === null)) {
        throw new TypeError(kPutSignature);
      }
      const flat = [];
      for (const key in keyOrEntries) {
        const entry = keyOrEntries[key];
        // workerd drops undefined values of a multi-put silently.
        if (entry !== undefined) ArrayPrototypePush(flat, key, entry);
      }
      doStoragePutMany(handle, flat);
      return undefined;
    }
    if (value === undefined) throw new TypeError('put() called with undefined value.');
    doStoragePut(handle, toKey(keyOrEntries), value);
    return undefined;
  },
  delete(handle, keys) {
    if (ArrayIsArray(keys)) return doStorageDeleteMany(handle, toKeys(keys));
    return doStorageDelete(handle, toKey(keys));
  },
  list(handle, options) {
    if (options === undefined || options === null) options = {};
    if (typeof options !== 'object' && typeof options !== 'function') {
      throw new TypeError(
        "Failed to execute 'list' on 'DurableObjectStorage': parameter 1 is not of type 'DurableObjectListOptions'.");
    }
    const limit = options.limit === undefined ? undefined : +options.limit;
    return toMap(doStorageList(handle, optionalString(options, 'start'),
      optionalString(options, 'startAfter'), optionalString(options, 'end'),
      optionalString(options, 'prefix'), !!options.reverse, limit));
  },
  getAlarm(handle) { return doStorageGetAlarm(handle); },
  setAlarm(handle, scheduledTime) {
    doStorageSetAlarm(handle, toAlarmTime(scheduledTime));
    return undefined;
  },
  deleteAlarm(handle) {
    doStorageDeleteAlarm(handle);
    return undefined;
  },
};

class DurableObjectTransaction {
  #handle;
  #state = 'open'; // 'open' | 'rolledBack' | 'committed'

  constructor(key, handle) {
    if (key !== internals) throw internals.illegalConstructor();
    this.#handle = handle;
  }

  // workerd DurableObjectTransaction::getCache().
  #check(op) {
    if (this.#state === 'rolledBack') throw new Error(`Cannot ${op} on rolled back transaction`);
    if (this.#state === 'committed') {
      throw new Error(`Cannot call ${op} on transaction that has already committed: did you ` +
        'move `txn` outside of the closure?');
    }
    return this.#handle;
  }

  get(keys, options) { return settled(() => operations.get(this.#check('get'), keys, options)); }
  put(keyOrEntries, value, options) {
    return settled(() => operations.put(this.#check('put'), keyOrEntries, value, options));
  }
  delete(keys, options) {
    return settled(() => operations.delete(this.#check('delete'), keys, options));
  }
  list(options) { return settled(() => operations.list(this.#check('list'), options)); }
  deleteAll() {
    return settled(() => { throw new Error('Cannot call deleteAll() within a transaction'); });
  }
  getAlarm(options) { return settled(() => operations.getAlarm(this.#check('getAlarm'), options)); }
  setAlarm(scheduledTime, options) {
    return settled(() => operations.setAlarm(this.#check('setAlarm'), scheduledTime, options));
  }
  deleteAlarm(options) {
    return settled(() => operations.deleteAlarm(this.#check('deleteAlarm'), options));
  }
  // Discards the transaction's writes now; the closure goes on, its later calls throw.
  rollback() {
    if (this.#state === 'rolledBack') return;
    const handle = this.#check('rollback');
    doStorageTransactionRollback(handle);
    this.#state = 'rolledBack';
  }

  static {
    // How transaction() ends it: committed unless rolled back, or rolled back after a throw.
    internals.finishDurableObjectTransaction = (txn, failed) => {
      const state = txn.#state;
      txn.#state = state === 'rolledBack' ? state : 'committed';
      if (state !== 'open') return;
      if (failed) {
        doStorageTransactionRollback(txn.#handle);
        txn.#state = 'rolledBack';
      } else {
        doStorageTransactionCommit(txn.#handle);
      }
    };
  }
}

// One result of sql.exec(): the rows are already read; the cursor hands them out once, as row
// objects (next(), iteration, toArray(), one()) or as arrays (raw()).
class SqlStorageCursor {
  #columnNames;
  #rows;
  #next = 0;
  #rowsRead;
  #rowsWritten;

  constructor(key, result) {
    if (key !== internals) throw internals.illegalConstructor();
    this.#columnNames = result[0];
    this.#rows = result[1];
    this.#rowsRead = result[2];
    this.#rowsWritten = result[3];
  }

  #take() {
    if (this.#next >= this.#rows.length) return undefined;
    const values = this.#rows[this.#next];
    this.#rows[this.#next++] = undefined;
    return values;
  }
  #object(values) {
    const row = {};
    const names = this.#columnNames;
    for (let i = 0; i < names.length; i++) {
      // defineProperty: a column named "__proto__" is a column, not the prototype.
      ObjectDefineProperty(row, names[i], {
        value: values[i], writable: true, enumerable: true, configurable: true,
      });
    }
    return row;
  }

  next() {
    const values = this.#take();
    return values === undefined ? { done: true, value: undefined }
      : { done: false, value: this.#object(values) };
  }
  toArray() {
    const out = [];
    for (let values = this.#take(); values !== undefined; values = this.#take()) {
      ArrayPrototypePush(out, this.#object(values));
    }
    return out;
  }
  one() {
    const values = this.#take();
    if (values === undefined) {
      throw new Error('Expected exactly one result from SQL query, but got no results.');
    }
    if (this.#next < this.#rows.length) {
      this.#next = this.#rows.length;
      throw new Error('Expected exactly one result from SQL query, but got multiple results.');
    }
    return this.#object(values);
  }
  raw() {
    const cursor = this;
    const take = () => this.#take();
    return {
      next() {
        const values = take();
        return values === undefined ? { done: true, value: undefined } : { done: false, value: values };
      },
      toArray() {
        const out = [];
        for (let values = take(); values !== undefined; values = take()) ArrayPrototypePush(out, values);
        return out;
      },
      [SymbolIterator]() { return this; },
      get columnNames() { return cursor.columnNames; },
    };
  }
  [SymbolIterator]() { return this; }
  get columnNames() { return ArrayPrototypeSlice(this.#columnNames); }
  get rowsRead() { return this.#rowsRead; }
  get rowsWritten() { return this.#rowsWritten; }
}

// workerd's SqlStorage binding values: null, undefined, numbers (REAL), strings, ArrayBuffers
// and views (BLOB); a boolean or another object becomes its string, a BigInt is refused.
function toBinding(value) {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'number': case 'string': return value;
    case 'bigint': throw new TypeError('Cannot convert a BigInt value to a number');
    case 'symbol': throw new TypeError('Cannot convert a Symbol value to a string');
    default:
      if (ArrayBufferIsView(value) || ObjectPrototypeIsPrototypeOf(ArrayBuffer.prototype, value)) {
        return value;
      }
      return String(value);
  }
}

class SqlStorage {
  #handle;

  constructor(key, handle) {
    if (key !== internals) throw internals.illegalConstructor();
    this.#handle = handle;
  }

  exec(query, ...bindings) {
    if (arguments.length === 0) {
      throw new TypeError(
        "Failed to execute 'exec' on 'SqlStorage': parameter 1 is not of type 'string'.");
    }
    const values = [];
    for (let i = 0; i < bindings.length; i++) values[i] = toBinding(bindings[i]);
    return new SqlStorageCursor(internals, doStorageSqlExec(this.#handle, toKey(query), values));
  }
  get databaseSize() { return doStorageDatabaseSize(this.#handle); }
}

class DurableObjectStorage {
  #handle;
  #sql = null;

  constructor(key, handle) {
    if (key !== internals) throw internals.illegalConstructor();
    this.#handle = handle;
  }

  get(keys, options) { return settled(() => operations.get(this.#handle, keys, options)); }
  put(keyOrEntries, value, options) {
    return settled(() => operations.put(this.#handle, keyOrEntries, value, options));
  }
  delete(keys, options) { return settled(() => operations.delete(this.#handle, keys, options)); }
  list(options) { return settled(() => operations.list(this.#handle, options)); }
  deleteAll(options) {
    return settled(() => { doStorageDeleteAll(this.#handle); return undefined; });
  }
  getAlarm(options) { return settled(() => operations.getAlarm(this.#handle, options)); }
  setAlarm(scheduledTime, options) {
    return settled(() => operations.setAlarm(this.#handle, scheduledTime, options));
  }
  deleteAlarm(options) { return settled(() => operations.deleteAlarm(this.#handle, options)); }
  // Resolves once the writes made so far are durable (they are committed now).
  sync() { return settled(() => { doStorageSync(this.#handle); return undefined; }); }

  // Runs `closure(txn)`; its writes are kept if it returns (or its promise fulfills) and
  // discarded if it throws or calls txn.rollback(). Nested as a savepoint in the event's writes.
  async transaction(closure, options) {
    if (typeof closure !== 'function') {
      throw new TypeError(
        "Failed to execute 'transaction' on 'DurableObjectStorage': parameter 1 is not of type 'Function'.");
    }
    doStorageTransactionBegin(this.#handle);
    const txn = new DurableObjectTransaction(internals, this.#handle);
    let result;
    try {
      result = await closure(txn);
    } catch (error) {
      internals.finishDurableObjectTransaction(txn, true);
      throw error;
    }
    internals.finishDurableObjectTransaction(txn, false);
    return result;
  }

  // The synchronous form: the closure's writes are kept if it returns, rolled back if it throws.
  transactionSync(closure) {
    if (typeof closure !== 'function') {
      throw new TypeError(
        "Failed to execute 'transactionSync' on 'DurableObjectStorage': parameter 1 is not of type 'Function'.");
    }
    if (!doStorageSqlEnabled(this.#handle)) throw new Error('Durable Object is not backed by SQL.');
    doStorageTransactionBegin(this.#handle);
    let result;
    try {
      result = closure();
    } catch (error) {
      doStorageTransactionRollback(this.#handle);
      throw error;
    }
    doStorageTransactionCommit(this.#handle);
    return result;
  }

  get sql() {
    if (this.#sql === null) {
      if (!doStorageSqlEnabled(this.#handle)) throw new Error(kSqlNotEnabled);
      this.#sql = new SqlStorage(internals, this.#handle);
    }
    return this.#sql;
  }
}

internals.newDurableObjectStorage = (handle) => new DurableObjectStorage(internals, handle);
internals.DurableObjectStorage = DurableObjectStorage;
internals.DurableObjectTransaction = DurableObjectTransaction;
internals.SqlStorage = SqlStorage;
internals.SqlStorageCursor = SqlStorageCursor;
