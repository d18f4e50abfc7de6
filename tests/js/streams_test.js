// Tests for the WHATWG Streams implementation (runtime-js/api/1x_streams_*.js) and the Workers
// byte pipes IdentityTransformStream / FixedLengthStream. Run by `edged test`: every export
// shaped `{ async test() {} }` is one case. The broad conformance suite is WPT
// (tests/wpt/streams/); these cases pin the behaviour Workers users rely on.

// --- tiny assert helpers --------------------------------------------------------------------------

function fail(message) {
  throw new Error(message);
}
function assertEq(actual, expected, what = 'value') {
  if (!Object.is(actual, expected)) {
    fail(`${what}: expected ${String(expected)}, got ${String(actual)}`);
  }
}
function assertTrue(value, what = 'condition') {
  if (!value) fail(`${what}: expected true`);
}
function assertBytes(actual, expected, what = 'bytes') {
  const a = actual instanceof Uint8Array ? actual
    : new Uint8Array(actual.buffer, actual.byteOffset, actual.byteLength);
  if (a.length !== expected.length) {
    fail(`${what}: expected ${expected.length} bytes [${expected}], got ${a.length} [${[...a]}]`);
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== expected[i]) fail(`${what}: byte ${i}: expected ${expected[i]}, got ${a[i]}`);
  }
}
function assertThrows(fn, ErrorType, messagePart = undefined) {
  try {
    fn();
  } catch (e) {
    checkError(e, ErrorType, messagePart);
    return e;
  }
  fail(`expected ${ErrorType.name} to be thrown`);
}
async function assertRejects(promise, ErrorType, messagePart = undefined) {
  try {
    await promise;
  } catch (e) {
    checkError(e, ErrorType, messagePart);
    return e;
  }
  fail(`expected a rejection with ${ErrorType.name}`);
}
function checkError(e, ErrorType, messagePart) {
  if (ErrorType !== undefined && !(e instanceof ErrorType)) {
    fail(`expected ${ErrorType.name}, got ${e && e.name}: ${e && e.message}`);
  }
  if (messagePart !== undefined && !String(e.message).includes(messagePart)) {
    fail(`expected message containing "${messagePart}", got "${e.message}"`);
  }
}
// Lets every queued microtask (and promise chain) run.
function flush() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
async function readAll(stream) {
  const reader = stream.getReader();
  const chunks = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}
function concat(chunks) {
  const out = [];
  for (const c of chunks) out.push(...new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
  return out;
}

// --- ReadableStream (default) ---------------------------------------------------------------------

export const readableEnqueueReadClose = {
  async test() {
    const rs = new ReadableStream({
      start(c) {
        c.enqueue('a');
        c.enqueue('b');
        c.close();
      },
    });
    assertEq(rs.locked, false, 'locked before getReader');
    const reader = rs.getReader();
    assertEq(rs.locked, true, 'locked after getReader');
    assertEq((await reader.read()).value, 'a');
    assertEq((await reader.read()).value, 'b');
    const last = await reader.read();
    assertEq(last.done, true, 'done');
    assertEq(last.value, undefined, 'value at end');
    await reader.closed;
    reader.releaseLock();
    assertEq(rs.locked, false, 'locked after releaseLock');
  },
};

export const readableBackpressure = {
  async test() {
    let pulls = 0;
    let controller;
    const rs = new ReadableStream({
      start(c) {
        controller = c;
      },
      pull(c) {
        pulls++;
        c.enqueue(pulls);
      },
    }, { highWaterMark: 3 });
    await flush();
    // pull() fills the queue up to the highWaterMark, then stops being called.
    assertEq(pulls, 3, 'pulls after start');
    assertEq(controller.desiredSize, 0, 'desiredSize with a full queue');
    await flush();
    assertEq(pulls, 3, 'pull not called while the queue is full');
    const reader = rs.getReader();
    assertEq((await reader.read()).value, 1);
    await flush();
    assertEq(pulls, 4, 'one read, one more pull');
    assertEq(controller.desiredSize, 0);
    // Enqueue past the highWaterMark from outside pull(): desiredSize goes negative.
    controller.enqueue('extra');
    assertEq(controller.desiredSize, -1, 'desiredSize over the highWaterMark');
  },
};

export const readableSizeStrategy = {
  async test() {
    let controller;
    new ReadableStream({
      start(c) {
        controller = c;
      },
    }, new ByteLengthQueuingStrategy({ highWaterMark: 10 }));
    assertEq(controller.desiredSize, 10);
    controller.enqueue(new Uint8Array(4));
    assertEq(controller.desiredSize, 6);
    controller.enqueue(new Uint8Array(8));
    assertEq(controller.desiredSize, -2);

    const count = new CountQueuingStrategy({ highWaterMark: 2 });
    assertEq(count.highWaterMark, 2);
    assertEq(count.size(), 1);
    assertEq(new ByteLengthQueuingStrategy({ highWaterMark: 1 }).size({ byteLength: 7 }), 7);
    assertThrows(() => new CountQueuingStrategy(), TypeError);
    assertThrows(() => new ReadableStream({}, { highWaterMark: -1 }), RangeError);
    assertThrows(() => new ReadableStream({}, { highWaterMark: NaN }), RangeError);
    assertThrows(() => new ReadableStream({}, { size: 1 }), TypeError);
  },
};

export const readableCancel = {
  async test() {
    let cancelReason;
    const rs = new ReadableStream({
      start(c) {
        c.enqueue('queued');
      },
      cancel(reason) {
        cancelReason = reason;
      },
    });
    const reader = rs.getReader();
    await reader.cancel('why');
    assertEq(cancelReason, 'why', 'reason reaches the source');
    const result = await reader.read();
    assertEq(result.done, true, 'queued chunks are dropped on cancel');
    await reader.closed;
    // Canceling a closed stream is fine; the source is not asked again.
    cancelReason = undefined;
    reader.releaseLock();
    await rs.cancel('again');
    assertEq(cancelReason, undefined, 'cancel after close does not reach the source');
  },
};

export const readableCancelLockedRejects = {
  async test() {
    const rs = new ReadableStream();
    rs.getReader();
    await assertRejects(rs.cancel(), TypeError);
    assertThrows(() => rs.getReader(), TypeError, 'locked');
  },
};

export const readableErrorPropagates = {
  async test() {
    const boom = new Error('boom');
    let controller;
    const rs = new ReadableStream({
      start(c) {
        controller = c;
      },
    });
    const reader = rs.getReader();
    const pending = reader.read();
    controller.error(boom);
    assertEq(await assertRejects(pending, Error), boom, 'pending read rejects');
    assertEq(await assertRejects(reader.closed, Error), boom, 'closed rejects');
    assertEq(controller.desiredSize, null, 'desiredSize of an errored stream');
    // A pull() that throws errors the stream too.
    const rs2 = new ReadableStream({
      pull() {
        throw boom;
      },
    });
    assertEq(await assertRejects(rs2.getReader().read(), Error), boom);
  },
};

export const readableReleaseLockRejectsPendingRead = {
  async test() {
    const rs = new ReadableStream();
    const reader = rs.getReader();
    const pending = reader.read();
    reader.releaseLock();
    await assertRejects(pending, TypeError);
    await assertRejects(reader.closed, TypeError);
    await assertRejects(reader.read(), TypeError);
    // The stream itself is fine: a new reader works.
    rs.getReader();
  },
};

export const readableBrandChecksAndTags = {
  async test() {
    assertThrows(() => ReadableStream.prototype.getReader.call({}), TypeError,
      'Illegal invocation');
    await assertRejects(ReadableStream.prototype.cancel.call({}), TypeError);
    assertThrows(() => new ReadableStreamDefaultController(), TypeError, 'Illegal constructor');
    assertThrows(() => new ReadableStream(null), TypeError);
    assertThrows(() => new ReadableStream({ type: 'nope' }), TypeError);
    const tags = {
      ReadableStream: new ReadableStream(),
      ReadableStreamDefaultReader: new ReadableStream().getReader(),
      ReadableStreamBYOBReader: new ReadableStream({ type: 'bytes' }).getReader({ mode: 'byob' }),
      WritableStream: new WritableStream(),
      WritableStreamDefaultWriter: new WritableStream().getWriter(),
      TransformStream: new TransformStream(),
      IdentityTransformStream: new IdentityTransformStream(),
      FixedLengthStream: new FixedLengthStream(1),
      CountQueuingStrategy: new CountQueuingStrategy({ highWaterMark: 1 }),
      ByteLengthQueuingStrategy: new ByteLengthQueuingStrategy({ highWaterMark: 1 }),
    };
    for (const [name, object] of Object.entries(tags)) {
      assertEq(Object.prototype.toString.call(object), `[object ${name}]`, name);
    }
    assertEq(ReadableStream.prototype[Symbol.asyncIterator], ReadableStream.prototype.values,
      '@@asyncIterator is values');
  },
};

// --- Async iteration and ReadableStream.from ---------------------------------------------------

export const asyncIteration = {
  async test() {
    const rs = new ReadableStream({
      start(c) {
        for (const x of [1, 2, 3]) c.enqueue(x);
        c.close();
      },
    });
    const seen = [];
    for await (const x of rs) seen.push(x);
    assertEq(seen.join(), '1,2,3');
    assertEq(rs.locked, false, 'the iterator releases its reader at the end');
  },
};

export const asyncIterationBreakCancels = {
  async test() {
    let cancelled = false;
    const make = () => new ReadableStream({
      pull(c) {
        c.enqueue('x');
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const x of make()) {
      assertEq(x, 'x');
      break;
    }
    assertTrue(cancelled, 'break cancels the stream');

    cancelled = false;
    const kept = make();
    for await (const x of kept.values({ preventCancel: true })) {
      assertEq(x, 'x');
      break;
    }
    assertEq(cancelled, false, 'preventCancel keeps the stream');
    assertEq(kept.locked, false, 'and unlocks it');
  },
};

export const readableFrom = {
  async test() {
    assertEq((await readAll(ReadableStream.from(['a', 'b']))).join(), 'a,b', 'array');
    async function* gen() {
      yield 1;
      yield 2;
    }
    assertEq((await readAll(ReadableStream.from(gen()))).join(), '1,2', 'async generator');
    const promises = [Promise.resolve('p1'), 'v2'];
    assertEq((await readAll(ReadableStream.from(promises))).join(), 'p1,v2', 'sync of promises');
    assertEq((await readAll(ReadableStream.from('hi'))).join(), 'h,i', 'a string is iterable');
    assertThrows(() => ReadableStream.from(42), TypeError);
    assertThrows(() => ReadableStream.from(null), TypeError);

    let returned;
    const iterable = {
      [Symbol.asyncIterator]() {
        return {
          next: async () => ({ value: 'v', done: false }),
          return: async (reason) => {
            returned = reason;
            return { done: true };
          },
        };
      },
    };
    const rs = ReadableStream.from(iterable);
    const reader = rs.getReader();
    assertEq((await reader.read()).value, 'v');
    await reader.cancel('stop');
    assertEq(returned, 'stop', 'cancel() calls iterator.return(reason)');
  },
};

// --- Byte streams ---------------------------------------------------------------------------------

export const byobPartialFills = {
  async test() {
    const pieces = [[1, 2], [3], [4, 5, 6, 7]];
    const rs = new ReadableStream({
      type: 'bytes',
      pull(c) {
        const request = c.byobRequest;
        assertTrue(request !== null, 'a BYOB read has a byobRequest');
        const piece = pieces.shift();
        if (piece === undefined) {
          c.close();
          request.respond(0);
          return;
        }
        request.view.set(piece.slice(0, request.view.byteLength));
        request.respond(Math.min(piece.length, request.view.byteLength));
      },
    });
    const reader = rs.getReader({ mode: 'byob' });
    let r = await reader.read(new Uint8Array(8));
    assertBytes(r.value, [1, 2], 'first read is filled partially');
    assertEq(r.value.buffer.byteLength, 8, 'the result views the same-sized buffer');
    r = await reader.read(new Uint8Array(r.value.buffer));
    assertBytes(r.value, [3]);
    r = await reader.read(new Uint8Array(2));
    assertBytes(r.value, [4, 5], 'a smaller view takes only what fits');
    r = await reader.read(new Uint8Array(8));
    assertEq(r.done, true);
    assertEq(r.value.byteLength, 0, 'done with an empty view of the buffer');
  },
};

export const byobReadMin = {
  async test() {
    let pulls = 0;
    const rs = new ReadableStream({
      type: 'bytes',
      pull(c) {
        pulls++;
        c.byobRequest.view[0] = pulls;
        c.byobRequest.respond(1);
      },
    });
    const reader = rs.getReader({ mode: 'byob' });
    const r = await reader.read(new Uint8Array(4), { min: 3 });
    assertBytes(r.value, [1, 2, 3], 'read waits for min bytes');
    assertEq(pulls, 3, 'pull called until min is reached');
    await assertRejects(reader.read(new Uint8Array(4), { min: 0 }), TypeError);
    await assertRejects(reader.read(new Uint8Array(4), { min: 5 }), RangeError);
    await assertRejects(reader.read(new Uint16Array(2), { min: 3 }), RangeError);
    await assertRejects(reader.read(new Uint8Array(0)), TypeError);
    await assertRejects(reader.read({}), TypeError);

    // Closing before min is reached resolves with what arrived, done: true.
    let controller;
    const rs2 = new ReadableStream({
      type: 'bytes',
      start(c) {
        controller = c;
      },
    });
    const reader2 = rs2.getReader({ mode: 'byob' });
    const pending = reader2.read(new Uint8Array(4), { min: 4 });
    await flush();
    controller.byobRequest.view[0] = 9;
    controller.byobRequest.respond(1);
    controller.close();
    controller.byobRequest.respond(0);
    const r2 = await pending;
    assertEq(r2.done, true);
    assertBytes(r2.value, [9]);
  },
};

export const byobMultiByteElements = {
  async test() {
    const rs = new ReadableStream({
      type: 'bytes',
      start(c) {
        c.enqueue(new Uint8Array([1, 0, 2, 0, 3]));
        c.close();
      },
    });
    const reader = rs.getReader({ mode: 'byob' });
    const r = await reader.read(new Uint16Array(4));
    assertEq(r.value.constructor, Uint16Array);
    assertEq(r.value.length, 2, 'only whole elements are delivered');
    assertBytes(r.value, [1, 0, 2, 0]);
    // The odd byte left over errors a read that can never be filled.
    await assertRejects(reader.read(new Uint16Array(1)), TypeError);
  },
};

export const byteStreamDefaultReaderAndQueue = {
  async test() {
    let controller;
    const rs = new ReadableStream({
      type: 'bytes',
      start(c) {
        controller = c;
      },
    }, { highWaterMark: 8 });
    assertEq(controller.desiredSize, 8);
    controller.enqueue(new Uint8Array([1, 2, 3]));
    controller.enqueue(new Uint8Array([4, 5]));
    assertEq(controller.desiredSize, 3, 'desiredSize counts bytes');
    // A BYOB read takes bytes across queued chunks.
    const byob = rs.getReader({ mode: 'byob' });
    const r = await byob.read(new Uint8Array(4));
    assertBytes(r.value, [1, 2, 3, 4]);
    byob.releaseLock();
    // A default reader gets the rest as a Uint8Array.
    const reader = rs.getReader();
    const r2 = await reader.read();
    assertBytes(r2.value, [5]);
    assertThrows(() => controller.enqueue(new Uint8Array(0)), TypeError);
    assertThrows(() => controller.enqueue('str'), TypeError);
    assertThrows(() => new ReadableStream().getReader({ mode: 'byob' }), TypeError);
  },
};

export const byteStreamAutoAllocate = {
  async test() {
    const rs = new ReadableStream({
      type: 'bytes',
      autoAllocateChunkSize: 16,
      pull(c) {
        const view = c.byobRequest.view;
        assertEq(view.byteLength, 16, 'auto-allocated view');
        view[0] = 42;
        c.byobRequest.respond(1);
      },
    });
    const r = await rs.getReader().read();
    assertBytes(r.value, [42]);
  },
};

// --- tee -------------------------------------------------------------------------------------------

export const teeDefault = {
  async test() {
    let cancelReason;
    const rs = new ReadableStream({
      start(c) {
        c.enqueue('a');
        c.enqueue('b');
        c.close();
      },
      cancel(reason) {
        cancelReason = reason;
      },
    });
    const [b1, b2] = rs.tee();
    assertEq(rs.locked, true, 'tee locks the source');
    assertEq((await readAll(b1)).join(), 'a,b');
    assertEq((await readAll(b2)).join(), 'a,b');

    const src = new ReadableStream({
      cancel(reason) {
        cancelReason = reason;
      },
    });
    const [c1, c2] = src.tee();
    const p1 = c1.cancel('r1');
    await flush();
    assertEq(cancelReason, undefined, 'source is canceled only when both branches are');
    await Promise.all([p1, c2.cancel('r2')]);
    assertEq(Array.isArray(cancelReason), true, 'composite reason');
    assertEq(cancelReason.join(), 'r1,r2');
  },
};

export const teeByteStream = {
  async test() {
    const rs = new ReadableStream({
      type: 'bytes',
      start(c) {
        c.enqueue(new Uint8Array([1, 2, 3, 4]));
        c.close();
      },
    });
    const [b1, b2] = rs.tee();
    // Both branches are byte streams: one is read with BYOB, the other with a default reader.
    const byob = b1.getReader({ mode: 'byob' });
    const r1 = await byob.read(new Uint8Array(2));
    assertBytes(r1.value, [1, 2]);
    const r1b = await byob.read(new Uint8Array(8));
    assertBytes(r1b.value, [3, 4]);
    const chunks = await readAll(b2);
    assertBytes(new Uint8Array(concat(chunks)), [1, 2, 3, 4]);
    // The branches hold separate copies.
    r1.value[0] = 99;
    assertEq(chunks[0][0], 1, 'branch chunks are independent');
  },
};

// --- WritableStream -------------------------------------------------------------------------------

export const writableBackpressure = {
  async test() {
    const written = [];
    let release;
    const ws = new WritableStream({
      write(chunk) {
        written.push(chunk);
        return new Promise((resolve) => {
          release = resolve;
        });
      },
    }, { highWaterMark: 2 });
    const writer = ws.getWriter();
    await writer.ready;
    assertEq(writer.desiredSize, 2);
    const w1 = writer.write('a');
    const w2 = writer.write('b');
    assertEq(writer.desiredSize, 0, 'two queued writes fill the queue');
    let readyResolved = false;
    writer.ready.then(() => {
      readyResolved = true;
    });
    await flush();
    assertEq(readyResolved, false, 'ready is pending under backpressure');
    assertEq(written.join(), 'a', 'one write at a time reaches the sink');
    release();
    await w1;
    await flush();
    assertEq(readyResolved, true, 'ready resolves when the queue drains below the mark');
    assertEq(written.join(), 'a,b');
    release();
    await w2;
    await writer.close();
    await writer.closed;
    await assertRejects(writer.write('late'), TypeError);
  },
};

export const writableAbortSignal = {
  async test() {
    let signal;
    let abortReason;
    const ws = new WritableStream({
      start(c) {
        signal = c.signal;
      },
      // A long write that gives up when the stream is aborted: what controller.signal is for.
      write(chunk, c) {
        return new Promise((resolve, reject) => {
          c.signal.addEventListener('abort', () => reject(c.signal.reason));
        });
      },
      abort(reason) {
        abortReason = reason;
      },
    });
    const writer = ws.getWriter();
    await flush();
    const write = writer.write('slow');
    assertEq(signal.aborted, false);
    const abortPromise = writer.abort('stop');
    assertEq(signal.aborted, true, 'the controller signal aborts synchronously');
    assertEq(signal.reason, 'stop');
    assertEq(abortReason, undefined, 'sink abort waits for the write in flight');
    assertEq(await assertRejects(write, undefined), 'stop');
    await abortPromise;
    assertEq(abortReason, 'stop', 'then the sink is aborted');
    assertEq(await assertRejects(writer.closed, undefined), 'stop');
  },
};

export const writableErrors = {
  async test() {
    const boom = new Error('boom');
    const ws = new WritableStream({
      write() {
        throw boom;
      },
    });
    const writer = ws.getWriter();
    assertEq(await assertRejects(writer.write('x'), Error), boom);
    assertEq(await assertRejects(writer.closed, Error), boom);
    assertEq(writer.desiredSize, null);
    assertThrows(() => new WritableStream({ type: 'bytes' }), RangeError);
    const ws2 = new WritableStream();
    ws2.getWriter();
    assertThrows(() => ws2.getWriter(), TypeError, 'locked');
  },
};

// --- pipeTo / pipeThrough --------------------------------------------------------------------------

function counterSource(n) {
  let i = 0;
  return new ReadableStream({
    pull(c) {
      if (i < n) c.enqueue(i++);
      else c.close();
    },
  });
}
function collectingSink(into, extra = {}) {
  return new WritableStream({
    write(chunk) {
      into.push(chunk);
    },
    ...extra,
  });
}

export const pipeToBasic = {
  async test() {
    const out = [];
    let closed = false;
    await counterSource(5).pipeTo(collectingSink(out, {
      close() {
        closed = true;
      },
    }));
    assertEq(out.join(), '0,1,2,3,4');
    assertTrue(closed, 'dest closed');
  },
};

export const pipeToPreventClose = {
  async test() {
    const out = [];
    const ws = collectingSink(out);
    await counterSource(2).pipeTo(ws, { preventClose: true });
    const writer = ws.getWriter();
    await writer.write('more');
    assertEq(out.join(), '0,1,more', 'dest still writable');
  },
};

export const pipeToErrorPropagation = {
  async test() {
    const boom = new Error('boom');
    let abortReason;
    const rs = new ReadableStream({
      start(c) {
        c.error(boom);
      },
    });
    const ws = new WritableStream({
      abort(reason) {
        abortReason = reason;
      },
    });
    assertEq(await assertRejects(rs.pipeTo(ws), Error), boom);
    assertEq(abortReason, boom, 'source error aborts dest');

    let cancelReason;
    const rs2 = new ReadableStream({
      pull(c) {
        c.enqueue('x');
      },
      cancel(reason) {
        cancelReason = reason;
      },
    });
    const ws2 = new WritableStream({
      write() {
        throw boom;
      },
    });
    assertEq(await assertRejects(rs2.pipeTo(ws2), Error), boom);
    assertEq(cancelReason, boom, 'dest error cancels source');

    // preventAbort keeps the destination writable.
    const ws3 = new WritableStream();
    const rs3 = new ReadableStream({
      start(c) {
        c.error(boom);
      },
    });
    await assertRejects(rs3.pipeTo(ws3, { preventAbort: true }), Error);
    await ws3.getWriter().write('still fine');
  },
};

export const pipeToAbortSignal = {
  async test() {
    let cancelReason;
    let abortReason;
    const rs = new ReadableStream({
      pull(c) {
        return new Promise((resolve) => setTimeout(() => {
          if (cancelReason === undefined) c.enqueue('tick');
          resolve();
        }, 1));
      },
      cancel(reason) {
        cancelReason = reason;
      },
    });
    const out = [];
    const ws = new WritableStream({
      write(chunk) {
        out.push(chunk);
      },
      abort(reason) {
        abortReason = reason;
      },
    });
    const ac = new AbortController();
    const piping = rs.pipeTo(ws, { signal: ac.signal });
    await new Promise((resolve) => setTimeout(resolve, 10));
    ac.abort();
    const e = await assertRejects(piping, undefined);
    assertEq(e.name, 'AbortError', 'rejects with the signal reason');
    assertEq(cancelReason, e, 'source canceled with the reason');
    assertEq(abortReason, e, 'dest aborted with the reason');
    assertEq(rs.locked, false);
    assertEq(ws.locked, false);

    // An already-aborted signal with preventCancel leaves the source alone.
    const rs2 = new ReadableStream();
    await assertRejects(rs2.pipeTo(new WritableStream(),
      { signal: AbortSignal.abort('early'), preventCancel: true }), undefined);
    assertEq(rs2.locked, false);
    await assertRejects(rs2.pipeTo(new WritableStream(), { signal: {} }), TypeError);
  },
};

export const pipeToBackpressure = {
  async test() {
    let pulls = 0;
    const rs = new ReadableStream({
      pull(c) {
        pulls++;
        c.enqueue(pulls);
      },
    }, { highWaterMark: 0 });
    let release;
    const ws = new WritableStream({
      write() {
        return new Promise((resolve) => {
          release = resolve;
        });
      },
    }, { highWaterMark: 1 });
    rs.pipeTo(ws);
    await flush();
    const stalled = pulls;
    await flush();
    await flush();
    assertEq(pulls, stalled, 'no reads while the destination is full');
    assertTrue(pulls <= 3, `pulls bounded by backpressure (got ${pulls})`);
    release();
    await flush();
    assertTrue(pulls > stalled, 'reading resumes once the sink finishes a write');
  },
};

export const pipeToIgnoresPatchedThen = {
  async test() {
    const originalThen = Promise.prototype.then;
    let intercepted = 0;
    const out = [];
    try {
      Promise.prototype.then = function (...args) {
        intercepted++;
        return originalThen.apply(this, args);
      };
      Object.prototype.then = function () {
        intercepted += 1000;
      };
      const piping = counterSource(3).pipeTo(collectingSink(out));
      delete Object.prototype.then;
      Promise.prototype.then = originalThen;
      await piping;
    } finally {
      delete Object.prototype.then;
      Promise.prototype.then = originalThen;
    }
    assertEq(out.join(), '0,1,2');
    assertEq(intercepted < 1000, true, 'no read result went through Object.prototype.then');
  },
};

export const pipeThroughTransform = {
  async test() {
    let flushed = false;
    const upper = new TransformStream({
      transform(chunk, c) {
        c.enqueue(String(chunk).toUpperCase());
      },
      flush(c) {
        flushed = true;
        c.enqueue('END');
      },
    });
    const out = await readAll(ReadableStream.from(['a', 'b']).pipeThrough(upper));
    assertEq(out.join(), 'A,B,END');
    assertTrue(flushed);
    const rs = new ReadableStream();
    rs.getReader();
    assertThrows(() => rs.pipeThrough(new TransformStream()), TypeError);
  },
};

// --- TransformStream --------------------------------------------------------------------------------

export const transformBackpressure = {
  async test() {
    let transforms = 0;
    const ts = new TransformStream({
      transform(chunk, c) {
        transforms++;
        c.enqueue(chunk);
      },
    }, undefined, { highWaterMark: 1 });
    const writer = ts.writable.getWriter();
    writer.write('a');
    writer.write('b');
    writer.write('c');
    await flush();
    // The readable holds one chunk; the next transform waits for a read.
    assertEq(transforms, 1, 'transforms stop at the readable highWaterMark');
    const reader = ts.readable.getReader();
    assertEq((await reader.read()).value, 'a');
    await flush();
    assertEq(transforms, 2);
  },
};

export const transformTerminateAndErrors = {
  async test() {
    const ts = new TransformStream({
      start(c) {
        c.enqueue('only');
        c.terminate();
      },
    });
    assertEq((await readAll(ts.readable)).join(), 'only');
    await assertRejects(ts.writable.getWriter().write('x'), TypeError);

    const boom = new Error('boom');
    const ts2 = new TransformStream({
      transform() {
        throw boom;
      },
    });
    const writer = ts2.writable.getWriter();
    const reader = ts2.readable.getReader();
    // The readable's highWaterMark is 0: transform() runs once somebody reads.
    const read = reader.read();
    assertEq(await assertRejects(writer.write('x'), Error), boom);
    assertEq(await assertRejects(read, Error), boom);
    assertThrows(() => new TransformStream({ readableType: 'bytes' }), RangeError);
  },
};

export const transformCancelHook = {
  async test() {
    let cancelReason;
    const ts = new TransformStream({
      cancel(reason) {
        cancelReason = reason;
      },
    });
    await ts.readable.cancel('enough');
    assertEq(cancelReason, 'enough', 'transformer.cancel sees the reason');
    await assertRejects(ts.writable.getWriter().closed, undefined);
  },
};

// --- IdentityTransformStream / FixedLengthStream -------------------------------------------------

export const identityPassesBytes = {
  async test() {
    const { readable, writable } = new IdentityTransformStream();
    assertTrue(new IdentityTransformStream() instanceof TransformStream, 'is a TransformStream');
    const writer = writable.getWriter();
    const w1 = writer.write(new Uint8Array([1, 2, 3]));
    const w2 = writer.write(new Uint16Array([0x0504]).buffer); // an ArrayBuffer
    const closing = writer.close();
    const chunks = await readAll(readable);
    await Promise.all([w1, w2, closing]);
    assertBytes(new Uint8Array(concat(chunks)), [1, 2, 3, 4, 5]);
  },
};

export const identityByobPartialReads = {
  async test() {
    const { readable, writable } = new IdentityTransformStream();
    const writer = writable.getWriter();
    let writeDone = false;
    const w = writer.write(new Uint8Array([1, 2, 3, 4, 5])).then(() => {
      writeDone = true;
    });
    const reader = readable.getReader({ mode: 'byob' });
    const r1 = await reader.read(new Uint8Array(2));
    assertBytes(r1.value, [1, 2]);
    await flush();
    assertEq(writeDone, false, 'the write settles only when all its bytes are read');
    const r2 = await reader.read(new Uint8Array(8));
    assertBytes(r2.value, [3, 4, 5]);
    await w;
    assertTrue(writeDone);
    writer.close();
    const r3 = await reader.read(new Uint8Array(1));
    assertEq(r3.done, true);
  },
};

export const identityRejectsNonBytes = {
  async test() {
    const nonBytes = 'This TransformStream is being used as a byte stream, but received an ' +
      'object of non-ArrayBuffer/ArrayBufferView type on its writable side.';
    const stringMessage = 'This TransformStream is being used as a byte stream, but received a ' +
      "string on its writable side. If you wish to write a string, you'll probably want to " +
      'explicitly UTF-8-encode it with TextEncoder.';
    {
      const { readable, writable } = new IdentityTransformStream();
      const write = writable.getWriter().write(42);
      const e = await assertRejects(readable.getReader().read(), TypeError);
      assertEq(e.message, nonBytes);
      await assertRejects(write, TypeError);
    }
    {
      const { readable, writable } = new IdentityTransformStream();
      const write = writable.getWriter().write('text');
      const e = await assertRejects(readable.getReader().read(), TypeError);
      assertEq(e.message, stringMessage);
      await assertRejects(write, TypeError);
    }
  },
};

export const identityAbortAndCancel = {
  async test() {
    {
      // abort() while a write waits for a reader fails the write and the readable.
      const { readable, writable } = new IdentityTransformStream();
      const writer = writable.getWriter();
      const write = writer.write(new Uint8Array(4));
      await flush();
      await writer.abort('gone');
      assertEq(await assertRejects(write, undefined), 'gone');
      assertEq(await assertRejects(readable.getReader().read(), undefined), 'gone');
    }
    {
      // cancel() on the readable fails the pending write and the writable.
      const { readable, writable } = new IdentityTransformStream();
      const writer = writable.getWriter();
      const write = writer.write(new Uint8Array(4));
      await flush();
      await readable.cancel('no thanks');
      assertEq(await assertRejects(write, undefined), 'no thanks');
      assertEq(await assertRejects(writer.closed, undefined), 'no thanks');
    }
  },
};

export const identityDesiredSize = {
  async test() {
    {
      const { writable, readable } = new IdentityTransformStream();
      const writer = writable.getWriter();
      assertEq(writer.desiredSize, 1);
      writer.write(new Uint8Array(10));
      assertEq(writer.desiredSize, 1, 'no highWaterMark: never backpressure');
      await readable.getReader().read();
    }
    {
      const { writable, readable } = new IdentityTransformStream({ highWaterMark: 10 });
      const writer = writable.getWriter();
      const reader = readable.getReader();
      assertEq(writer.desiredSize, 10);
      writer.write(new Uint8Array(1));
      writer.write(new Uint8Array(9));
      assertEq(writer.desiredSize, 0, 'desiredSize counts bytes not yet read');
      await reader.read();
      await writer.ready;
      assertEq(writer.desiredSize, 1);
      await reader.read();
      await flush();
      assertEq(writer.desiredSize, 10);
    }
  },
};

export const fixedLengthStream = {
  async test() {
    {
      const fls = new FixedLengthStream(4);
      assertTrue(fls instanceof TransformStream);
      const writer = fls.writable.getWriter();
      writer.write(new Uint8Array([1, 2]));
      writer.write(new Uint8Array([3, 4]));
      writer.close();
      const chunks = await readAll(fls.readable);
      assertBytes(new Uint8Array(concat(chunks)), [1, 2, 3, 4]);
    }
    {
      const fls = new FixedLengthStream(3);
      const writer = fls.writable.getWriter();
      const e = await assertRejects(writer.write(new Uint8Array(4)), TypeError);
      assertEq(e.message, 'Attempt to write too many bytes through a FixedLengthStream.');
      await assertRejects(fls.readable.getReader().read(), TypeError, 'too many bytes');
    }
    {
      const fls = new FixedLengthStream(3);
      const writer = fls.writable.getWriter();
      const reader = fls.readable.getReader();
      const r = reader.read();
      await writer.write(new Uint8Array(1));
      assertBytes((await r).value, [0]);
      const e = await assertRejects(writer.close(), TypeError);
      assertEq(e.message, 'FixedLengthStream did not see all expected bytes before close().');
      await assertRejects(reader.read(), TypeError);
    }
    {
      const fls = new FixedLengthStream(10, { highWaterMark: 100 });
      assertEq(fls.writable.getWriter().desiredSize, 10, 'highWaterMark capped at the length');
    }
    assertThrows(() => new FixedLengthStream(-1), TypeError);
    assertThrows(() => new FixedLengthStream(2 ** 53), TypeError);
    assertThrows(() => new FixedLengthStream(), TypeError);
    // A zero-length stream can close right away.
    const empty = new FixedLengthStream(0);
    empty.writable.getWriter().close();
    assertEq((await readAll(empty.readable)).length, 0);
  },
};

export const responseOfIdentityReadable = {
  async test() {
    if (typeof Response !== 'function') return; // Response arrives in another runtime file.
    const { readable, writable } = new FixedLengthStream(5);
    const writer = writable.getWriter();
    writer.write(new TextEncoder().encode('hello'));
    writer.close();
    assertEq(await new Response(readable).text(), 'hello');
  },
};
