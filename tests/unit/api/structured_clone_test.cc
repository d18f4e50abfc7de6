// structuredClone's native half: HTML §2.7 StructuredSerializeWithTransfer followed by
// StructuredDeserializeWithTransfer, through V8's ValueSerializer.
#include <gtest/gtest.h>

#include "api_ops_fixture.h"

namespace edged::api {
namespace {

using StructuredClone = testing::ApiOpsTest;

TEST_F(StructuredClone, ClonesBuiltInTypesDeeply) {
  EXPECT_EQ(js(R"(
    const original = {
      map: new Map([[1, { a: 1 }], ['k', [2, 3]]]),
      set: new Set(['x', 'y']),
      date: new Date(86400000),
      regexp: /ab+c/gi,
      u16: new Uint16Array([1, 2, 65535]),
      big: 12345678901234567890n,
      nested: { deeper: { list: [null, undefined, -0, NaN] } },
    };
    const c = ops.structuredClone(original, []);
    [
      c !== original && c.map !== original.map,
      c.map.get(1).a === 1 && c.map.get('k')[1] === 3,
      c.set.has('y') && c.set.size === 2,
      c.date instanceof Date && c.date.getTime() === 86400000,
      c.regexp instanceof RegExp && c.regexp.source === 'ab+c' && c.regexp.flags === 'gi',
      c.u16 instanceof Uint16Array && c.u16.join() === '1,2,65535' &&
          c.u16.buffer !== original.u16.buffer,
      c.big === 12345678901234567890n,
      Object.is(c.nested.deeper.list[2], -0) && Number.isNaN(c.nested.deeper.list[3]),
      c.nested.deeper.list.length === 4 && c.nested.deeper.list[1] === undefined,
    ].join()
  )"),
            "true,true,true,true,true,true,true,true,true");
}

TEST_F(StructuredClone, KeepsCyclesAndSharedReferences) {
  EXPECT_EQ(js(R"(
    const shared = { name: 'shared' };
    const o = { a: shared, b: shared };
    o.self = o;
    const c = ops.structuredClone(o, []);
    [c.self === c, c.a === c.b, c.a !== shared, c.a.name].join()
  )"),
            "true,true,true,shared");
}

TEST_F(StructuredClone, ClassInstancesBecomePlainObjectsOfTheirOwnProperties) {
  EXPECT_EQ(js(R"(
    class Point { constructor() { this.x = 1; } get y() { return 2; } }
    const c = ops.structuredClone(new Point(), []);
    [Object.getPrototypeOf(c) === Object.prototype, c.x, 'y' in c].join()
  )"),
            "true,1,false");
}

TEST_F(StructuredClone, ClonesErrors) {
  EXPECT_EQ(js(R"(
    const c = ops.structuredClone(new RangeError('out of range'), []);
    [c instanceof RangeError, c.message].join()
  )"),
            "true,out of range");
}

TEST_F(StructuredClone, TransferDetachesTheBufferAndMovesItsBytes) {
  EXPECT_EQ(js(R"(
    const buffer = new Uint8Array([1, 2, 3]).buffer;
    const view = new Uint8Array(buffer, 1);
    const c = ops.structuredClone({ buffer, view }, [buffer]);
    [buffer.byteLength, view.length, c.buffer.byteLength, c.view.join(),
     c.view.buffer === c.buffer].join()
  )"),
            "0,0,3,2,3,true");
}

TEST_F(StructuredClone, ATransferredBufferIsDetachedEvenWhenTheValueDoesNotMentionIt) {
  EXPECT_EQ(js(R"(
    const unrelated = new ArrayBuffer(16);
    const c = ops.structuredClone('just a string', [unrelated]);
    c + ' ' + unrelated.byteLength
  )"),
            "just a string 0");
}

TEST_F(StructuredClone, WithoutTransferBuffersAreCopied) {
  EXPECT_EQ(js(R"(
    const source = new Uint8Array([7, 8]);
    const copy = ops.structuredClone(source, []);
    copy[0] = 99;
    [source.buffer.byteLength, source[0], copy.join()].join()
  )"),
            "2,7,99,8");
}

TEST_F(StructuredClone, UncloneableValuesThrowAnErrorNamingTheValue) {
  EXPECT_EQ(js("thrown(() => ops.structuredClone({ f() {} }, []))"),
            "Error: f() {} could not be cloned.");
  EXPECT_EQ(js("thrown(() => ops.structuredClone(Symbol('s'), []))"),
            "Error: Symbol(s) could not be cloned.");
  EXPECT_EQ(js("thrown(() => ops.structuredClone(new WeakMap(), []))"),
            "Error: #<WeakMap> could not be cloned.");
}

TEST_F(StructuredClone, AFailedCloneDetachesNothing) {
  EXPECT_EQ(js(R"(
    const kept = new ArrayBuffer(4);
    const error = thrown(() => ops.structuredClone({ kept, f: () => 1 }, [kept]));
    error.startsWith('Error: ') + ' ' + kept.byteLength
  )"),
            "true 4");
}

TEST_F(StructuredClone, TransferListIsValidated) {
  EXPECT_EQ(js("thrown(() => ops.structuredClone(1, [new Uint8Array(2)]))"),
            "TypeError: Value in transfer list is not transferable.");
  EXPECT_EQ(
      js("const twice = new ArrayBuffer(1); thrown(() => ops.structuredClone(1, [twice, twice]))"),
      "Error: ArrayBuffer is listed more than once in transfer list.");
  EXPECT_EQ(js("twice.byteLength"), "1");
  EXPECT_EQ(
      js("thrown(() => ops.structuredClone(1, [new WebAssembly.Memory({ initial: 1 }).buffer]))"),
      "TypeError: An ArrayBuffer is not detachable.");
}

TEST_F(StructuredClone, ADetachedBufferCannotBeCloned) {
  EXPECT_EQ(js(R"(
    const gone = new ArrayBuffer(8);
    ops.structuredClone(0, [gone]);
    thrown(() => ops.structuredClone(gone, []))
  )"),
            "Error: An ArrayBuffer is detached and could not be cloned.");
}

}  // namespace
}  // namespace edged::api
