'use strict';
// Workers Analytics Engine (workers-types AnalyticsEngineDataset; workerd
// api/analytics-engine.{h,c++}): env.<binding> of every `analytics_engine_datasets` entry. This
// file converts the data point's fields as workerd's bindings do (arrays of strings or
// BufferSources, null for a blob left out; arrays of numbers); the native half
// (src/bindings/analytics_engine) checks Cloudflare's limits, throws workerd's TypeErrors for
// them and writes the point after the turn, off the event loop. writeDataPoint() returns
// nothing and never waits.

const { ArrayBuffer, ArrayBufferIsView, ArrayIsArray, ObjectPrototypeIsPrototypeOf, TypeError } = primordials;
const { analyticsEngineWriteDataPoint } = ops;

const kEventType = 'AnalyticsEngineEvent';

function fieldTypeError(field) {
  return new TypeError(`Incorrect type for the '${field}' field on '${kEventType}': the provided ` +
    "value is not of type 'Array'.");
}

// kj::Maybe<kj::OneOf<kj::Array<byte>, kj::String>> per element.
function texts(value, field) {
  if (value === undefined) return undefined;
  if (!ArrayIsArray(value)) throw fieldTypeError(field);
  const out = [];
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    if (item === null || item === undefined) out[i] = null;
    else if (ArrayBufferIsView(item) || ObjectPrototypeIsPrototypeOf(ArrayBuffer.prototype, item)) out[i] = item;
    else out[i] = `${item}`;
  }
  return out;
}

function numbers(value) {
  if (value === undefined) return undefined;
  if (!ArrayIsArray(value)) throw fieldTypeError('doubles');
  const out = [];
  for (let i = 0; i < value.length; i++) out[i] = +value[i];
  return out;
}

class AnalyticsEngineDataset {
  #dataset;

  constructor(key, dataset) {
    if (key !== internals) throw new TypeError('Illegal constructor');
    this.#dataset = dataset;
  }

  writeDataPoint(event = undefined) {
    if (event === undefined || event === null) {
      analyticsEngineWriteDataPoint(this.#dataset, undefined, undefined, undefined);
      return;
    }
    if (typeof event !== 'object' && typeof event !== 'function') {
      throw new TypeError("Failed to execute 'writeDataPoint' on 'AnalyticsEngine': parameter 1 " +
        `is not of type '${kEventType}'.`);
    }
    // workerd reads the struct's fields in declaration order: indexes, doubles, blobs.
    const indexes = texts(event.indexes, 'indexes');
    const doubles = numbers(event.doubles);
    const blobs = texts(event.blobs, 'blobs');
    analyticsEngineWriteDataPoint(this.#dataset, indexes, blobs, doubles);
  }

  get [Symbol.toStringTag]() { return 'AnalyticsEngineDataset'; }
}

internals.AnalyticsEngineDataset = AnalyticsEngineDataset;
internals.bindingFactories.analytics_engine = (spec) => new AnalyticsEngineDataset(internals, spec.dataset);
