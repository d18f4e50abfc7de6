'use strict';
// WHATWG Streams §4.9.1 — ReadableStreamPipeTo, behind ReadableStream.prototype.pipeTo and
// pipeThrough, and the StreamPipeOptions dictionary. See 10_streams_common.js.

const S = internals.streamsImpl;
const { TypeError } = primordials;
const {
  newDeferred, resolveDeferred, rejectDeferred, promiseResolvedWith, uponPromise,
  uponFulfillment, uponRejection, transformPromiseWith, isObject,
  AcquireWritableStreamDefaultWriter, WritableStreamAbort, WritableStreamCloseQueuedOrInFlight,
  WritableStreamDefaultWriterCloseWithErrorPropagation, WritableStreamDefaultWriterRelease,
  WritableStreamDefaultWriterWrite,
} = S;

// --- StreamPipeOptions --------------------------------------------------------------------------

function isAbortSignal(value) {
  if (typeof internals.isAbortSignal === 'function') return internals.isAbortSignal(value);
  // Until the AbortSignal file provides a brand check: anything shaped like one.
  if (!isObject(value)) return false;
  try {
    return typeof value.aborted === 'boolean' && typeof value.addEventListener === 'function' &&
      typeof value.removeEventListener === 'function';
  } catch {
    return false;
  }
}

// StreamPipeOptions: preventAbort, preventCancel, preventClose, signal (lexicographic order).
function convertPipeOptions(options) {
  const dict = S.dictionaryValue(options, 'options');
  if (dict === undefined) {
    return { preventAbort: false, preventCancel: false, preventClose: false, signal: undefined };
  }
  const preventAbort = S.toBoolean(dict.preventAbort);
  const preventCancel = S.toBoolean(dict.preventCancel);
  const preventClose = S.toBoolean(dict.preventClose);
  const signal = dict.signal;
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw new TypeError(
      "Failed to read the 'signal' property from 'StreamPipeOptions': it is not an AbortSignal.");
  }
  return { preventAbort, preventCancel, preventClose, signal };
}

// --- ReadableStreamPipeTo (§4.9.1) ---------------------------------------------------------------

// The runtime's AbortSignal (03_abort.js) has abort algorithms ("add the following abort steps
// to signal"), which user code cannot intercept. Any other signal-shaped object is driven through
// its `aborted`, `reason` and add/removeEventListener.
const isRuntimeSignal = (signal) =>
  typeof internals.isAbortSignal === 'function' && internals.isAbortSignal(signal) &&
  typeof internals.addAbortAlgorithm === 'function';
const abortSignalAborted = (signal) =>
  (isRuntimeSignal(signal) ? internals.abortSignalAborted(signal) : signal.aborted);
const abortSignalReason = (signal) =>
  (isRuntimeSignal(signal) ? internals.abortSignalReason(signal) : signal.reason);
function addAbortSteps(signal, steps) {
  if (isRuntimeSignal(signal)) return internals.addAbortAlgorithm(signal, steps);
  signal.addEventListener('abort', steps);
  return steps;
}
function removeAbortSteps(signal, handle) {
  if (isRuntimeSignal(signal)) internals.removeAbortAlgorithm(signal, handle);
  else signal.removeEventListener('abort', handle);
}

function ReadableStreamPipeTo(source, dest, preventClose, preventAbort, preventCancel, signal) {
  let reader = S.AcquireReadableStreamDefaultReader(source);
  const writer = AcquireWritableStreamDefaultWriter(dest);
  source.disturbed = true;
  let shuttingDown = false;
  // The last write started, so that shutdown can wait for writes in flight.
  let currentWrite = promiseResolvedWith(undefined);
  const promise = newDeferred();
  let abortAlgorithm;
  let abortHandle;

  function isOrBecomesErrored(stream, closedPromise, action) {
    if (stream.state === 'errored') action(stream.storedError);
    else uponRejection(closedPromise, action);
  }
  function isOrBecomesClosed(stream, closedPromise, action) {
    if (stream.state === 'closed') action();
    else uponFulfillment(closedPromise, action);
  }
  function waitForWritesToFinish() {
    // Another write may start while we wait on this one.
    const oldCurrentWrite = currentWrite;
    return transformPromiseWith(currentWrite,
      () => (oldCurrentWrite !== currentWrite ? waitForWritesToFinish() : undefined));
  }
  // A read still pending at shutdown must not take a chunk from the source: release the reader
  // (erroring that read) and hold the lock with a fresh one until finalize.
  function releasePendingRead() {
    S.ReadableStreamDefaultReaderRelease(reader);
    reader = S.AcquireReadableStreamDefaultReader(source);
  }
  function shutdownWithAction(action, originalIsError, originalError) {
    if (shuttingDown) return;
    shuttingDown = true;
    releasePendingRead();
    const doTheRest = () => {
      uponPromise(action(), () => finalize(originalIsError, originalError),
        (newError) => finalize(true, newError));
    };
    if (dest.state === 'writable' && !WritableStreamCloseQueuedOrInFlight(dest)) {
      uponFulfillment(waitForWritesToFinish(), doTheRest);
    } else {
      doTheRest();
    }
  }
  function shutdown(isError, error) {
    if (shuttingDown) return;
    shuttingDown = true;
    releasePendingRead();
    if (dest.state === 'writable' && !WritableStreamCloseQueuedOrInFlight(dest)) {
      uponFulfillment(waitForWritesToFinish(), () => finalize(isError, error));
    } else {
      finalize(isError, error);
    }
  }
  function finalize(isError, error) {
    WritableStreamDefaultWriterRelease(writer);
    S.ReadableStreamDefaultReaderRelease(reader);
    if (signal !== undefined) removeAbortSteps(signal, abortHandle);
    if (isError) rejectDeferred(promise, error);
    else resolveDeferred(promise, undefined);
  }

  if (signal !== undefined) {
    abortAlgorithm = () => {
      const error = abortSignalReason(signal);
      const actions = [];
      if (!preventAbort) {
        actions[actions.length] = () => (dest.state === 'writable'
          ? WritableStreamAbort(dest, error) : promiseResolvedWith(undefined));
      }
      if (!preventCancel) {
        actions[actions.length] = () => (source.state === 'readable'
          ? S.ReadableStreamCancel(source, error) : promiseResolvedWith(undefined));
      }
      shutdownWithAction(() => {
        const promises = [];
        for (let i = 0; i < actions.length; i++) promises[i] = actions[i]();
        return S.waitForAll(promises);
      }, true, error);
    };
    if (abortSignalAborted(signal)) {
      abortAlgorithm();
      return promise.promise;
    }
    abortHandle = addAbortSteps(signal, abortAlgorithm);
  }

  // The pipe loop: wait for the writer to be ready, read one chunk, write it, repeat. Reads use
  // read requests directly, so no promise is ever resolved with a user-visible read result.
  const readRequest = {
    chunkSteps(chunk) {
      currentWrite = transformPromiseWith(WritableStreamDefaultWriterWrite(writer, chunk),
        undefined, S.noop);
      // A microtask later, like a promise-based read would, so errors reported through the
      // reader's closed promise are seen first.
      S.queueMicrotask(pipeStep);
    },
    closeSteps() {},
    errorSteps() {},
  };
  function pipeStep() {
    if (shuttingDown) return;
    uponPromise(writer.ready.promise, () => {
      if (shuttingDown) return;
      if (dest.state !== 'writable' || WritableStreamCloseQueuedOrInFlight(dest)) return;
      S.ReadableStreamDefaultReaderRead(reader, readRequest);
    });
  }

  // Errors must be propagated forward.
  isOrBecomesErrored(source, reader.closed.promise, (storedError) => {
    if (!preventAbort) {
      shutdownWithAction(() => WritableStreamAbort(dest, storedError), true, storedError);
    } else {
      shutdown(true, storedError);
    }
  });
  // Errors must be propagated backward.
  isOrBecomesErrored(dest, writer.closed.promise, (storedError) => {
    if (!preventCancel) {
      shutdownWithAction(() => S.ReadableStreamCancel(source, storedError), true, storedError);
    } else {
      shutdown(true, storedError);
    }
  });
  // Closing must be propagated forward.
  isOrBecomesClosed(source, reader.closed.promise, () => {
    if (!preventClose) {
      shutdownWithAction(() => WritableStreamDefaultWriterCloseWithErrorPropagation(writer));
    } else {
      shutdown();
    }
  });
  // Closing must be propagated backward.
  if (WritableStreamCloseQueuedOrInFlight(dest) || dest.state === 'closed') {
    const destClosed = new TypeError(
      'the destination writable stream closed before all data could be piped to it');
    if (!preventCancel) {
      shutdownWithAction(() => S.ReadableStreamCancel(source, destClosed), true, destClosed);
    } else {
      shutdown(true, destClosed);
    }
  }
  pipeStep();
  return promise.promise;
}


S.convertPipeOptions = convertPipeOptions;
S.ReadableStreamPipeTo = ReadableStreamPipeTo;
