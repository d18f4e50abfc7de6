'use strict';
// node:stream Duplex (a Readable that is also a Writable: both states on one object),
// Transform (a Duplex whose written chunks go through transform() into its readable side, with
// flush() at the end) and PassThrough (a Transform that changes nothing).

const {
  ObjectSetPrototypeOf, ObjectGetOwnPropertyDescriptor, ObjectDefineProperty, ObjectDefineProperties,
  ObjectKeys, ReflectApply, Symbol,
} = primordials;
const NS = internals.nodeStream;
const { Readable, Writable, WritableState, nextTick, streamErrors, construct } = NS;

function Duplex(options) {
  if (!(this instanceof Duplex)) return new Duplex(options);
  ReflectApply(Readable, this, [options]);
  this._writableState = new WritableState(options, this, true);
  NS.applyWritableOptions(this, options);
  this.allowHalfOpen = options?.allowHalfOpen !== false;
  if (options?.readable === false) {
    this._readableState.readable = false;
    this._readableState.ended = true;
    this._readableState.endEmitted = true;
  }
  if (options?.writable === false) {
    this._writableState.writable = false;
    this._writableState.ending = true;
    this._writableState.ended = true;
    this._writableState.finished = true;
  }
  if (options?.signal) NS.addAbortSignal(options.signal, this);
  construct(this, () => {
    const r = this._readableState;
    if (r.needReadable) this.read(0);
    NS.afterWritableConstruct(this);
  });
  // Without allowHalfOpen, the end of the readable side ends the writable side.
  if (!this.allowHalfOpen) this.once('end', onReadableEnd);
}
ObjectSetPrototypeOf(Duplex.prototype, Readable.prototype);
ObjectSetPrototypeOf(Duplex, Readable);

function onReadableEnd() {
  if (this._writableState.ended) return;
  nextTick(() => this.end());
}

// Writable's methods and accessors, where Readable has none of the same name.
for (const key of ObjectKeys(Writable.prototype)) {
  if (!Duplex.prototype[key]) Duplex.prototype[key] = Writable.prototype[key];
}
for (const key of ['writable', 'writableHighWaterMark', 'writableObjectMode', 'writableBuffer',
  'writableLength', 'writableFinished', 'writableCorked', 'writableEnded', 'writableNeedDrain',
  'writableErrored', 'writableAborted']) {
  ObjectDefineProperty(Duplex.prototype, key, ObjectGetOwnPropertyDescriptor(Writable.prototype, key));
}
for (const key of ['write', 'cork', 'uncork', 'setDefaultEncoding', 'end', '_write']) {
  Duplex.prototype[key] = Writable.prototype[key];
}
Duplex.prototype._writev = null;
Duplex.prototype.destroy = Writable.prototype.destroy;
ObjectDefineProperties(Duplex.prototype, {
  destroyed: {
    get() {
      return !!(this._readableState?.destroyed && this._writableState?.destroyed);
    },
    set(value) {
      if (this._readableState) this._readableState.destroyed = value;
      if (this._writableState) this._writableState.destroyed = value;
    },
    configurable: true,
  },
  errored: {
    get() { return this._readableState?.errored ?? this._writableState?.errored ?? null; },
    configurable: true,
  },
  closed: {
    get() { return !!(this._readableState?.closed || this._writableState?.closed); },
    configurable: true,
  },
});

const kCallback = Symbol('kCallback');

function Transform(options) {
  if (!(this instanceof Transform)) return new Transform(options);
  // A Transform's readable side holds at most one highWaterMark before transform() waits.
  ReflectApply(Duplex, this, [options]);
  this._readableState.sync = false;
  this[kCallback] = null;
  if (typeof options?.transform === 'function') this._transform = options.transform;
  if (typeof options?.flush === 'function') this._flush = options.flush;
  // A subclass that defines its own _final still gets flush() before 'finish'.
  this.on('prefinish', prefinish);
}
ObjectSetPrototypeOf(Transform.prototype, Duplex.prototype);
ObjectSetPrototypeOf(Transform, Duplex);

function final(callback) {
  if (typeof this._flush === 'function' && !this.destroyed) {
    this._flush((error, data) => {
      if (error) {
        if (callback) callback(error);
        else this.destroy(error);
        return;
      }
      if (data != null) this.push(data);
      this.push(null);
      if (callback) callback();
    });
  } else {
    this.push(null);
    if (callback) callback();
  }
}

function prefinish() {
  if (this._final !== final) ReflectApply(final, this, []);
}

Transform.prototype._final = final;

Transform.prototype._transform = function _transform() {
  throw streamErrors.notImplemented('_transform()');
};

Transform.prototype._write = function _write(chunk, encoding, callback) {
  const r = this._readableState;
  const w = this._writableState;
  const length = r.length;
  this._transform(chunk, encoding, (error, value) => {
    if (error) {
      callback(error);
      return;
    }
    if (value != null) this.push(value);
    if (w.ended || length === r.length || r.length < r.highWaterMark) callback();
    else this[kCallback] = callback;
  });
};

Transform.prototype._read = function _read() {
  if (this[kCallback]) {
    const callback = this[kCallback];
    this[kCallback] = null;
    callback();
  }
};

function PassThrough(options) {
  if (!(this instanceof PassThrough)) return new PassThrough(options);
  ReflectApply(Transform, this, [options]);
}
ObjectSetPrototypeOf(PassThrough.prototype, Transform.prototype);
ObjectSetPrototypeOf(PassThrough, Transform);
PassThrough.prototype._transform = function _transform(chunk, encoding, callback) {
  callback(null, chunk);
};

NS.Duplex = Duplex;
NS.Transform = Transform;
NS.PassThrough = PassThrough;
