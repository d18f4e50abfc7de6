// js_values: the conversions every native op uses, checked inside a real context.
#include "edged/runtime/js_values.h"

#include <gtest/gtest.h>
#include <v8-array-buffer.h>
#include <v8-script.h>

#include "test_isolate.h"

namespace edged::runtime {
namespace {

class JsValuesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    worker_ = testing::startWorker(*snapshot_, testing::bundleOf({testing::esModule("i.js", "")}),
                                   loop_.get());
    ASSERT_TRUE(worker_);
  }

  // Runs `body` inside the realm with the isolate and context at hand.
  void inside(const std::function<void(v8::Isolate*, v8::Local<v8::Context>)>& body) {
    ASSERT_TRUE(worker_->realm().enter(
        [&](v8::Local<v8::Context> context) { body(context->GetIsolate(), context); }));
  }

  v8::Local<v8::Value> run(v8::Local<v8::Context> context, std::string_view code) {
    v8::Isolate* isolate = context->GetIsolate();
    v8::Local<v8::Script> script =
        v8::Script::Compile(context, newString(isolate, code)).ToLocalChecked();
    return script->Run(context).ToLocalChecked();
  }

  std::unique_ptr<Snapshot> snapshot_ =
      testing::makeSnapshot(testing::recordOps(), {{"test:runtime", testing::kMinimalRuntimeJs}});
  testing::TestLoop loop_;
  std::unique_ptr<WorkerIsolate> worker_;
};

TEST_F(JsValuesTest, Utf8RoundTripsIncludingNulAndAstralCharacters) {
  inside([&](v8::Isolate* isolate, v8::Local<v8::Context> context) {
    std::string text("a\0é€😀", 1 + 1 + 2 + 3 + 4);
    v8::Local<v8::String> js = newString(isolate, text);
    EXPECT_EQ(js->Length(), 6);  // a, NUL, é, €, and a surrogate pair
    EXPECT_EQ(toUtf8(isolate, js), text);
  });
}

TEST_F(JsValuesTest, ToUtf8ConvertsNonStringsLikeString) {
  inside([&](v8::Isolate* isolate, v8::Local<v8::Context> context) {
    EXPECT_EQ(toUtf8(isolate, run(context, "12.5")), "12.5");
    EXPECT_EQ(toUtf8(isolate, run(context, "null")), "null");
    EXPECT_EQ(toUtf8(isolate, run(context, "({ toString() { return 'custom'; } })")), "custom");
  });
}

TEST_F(JsValuesTest, Latin1KeepsEveryByteValue) {
  inside([&](v8::Isolate* isolate, v8::Local<v8::Context> context) {
    std::string bytes;
    for (int b = 0; b < 256; ++b) bytes.push_back(static_cast<char>(b));
    v8::Local<v8::String> js = newLatin1(isolate, bytes);
    EXPECT_EQ(js->Length(), 256);
    EXPECT_EQ(toLatin1(isolate, js), bytes);
    // Each byte is one code unit: 0xE9 is "é", not the start of a UTF-8 sequence.
    EXPECT_EQ(toUtf8(isolate, newLatin1(isolate, "caf\xe9")), "café");
  });
}

TEST_F(JsValuesTest, NewUint8ArrayCopiesTheBytes) {
  inside([&](v8::Isolate* isolate, v8::Local<v8::Context> context) {
    std::vector<uint8_t> source = {0, 1, 255};
    v8::Local<v8::Uint8Array> array = newUint8Array(isolate, source);
    source[0] = 9;
    EXPECT_EQ(array->Length(), 3u);
    auto bytes = bufferSourceBytes(array);
    ASSERT_TRUE(bytes);
    EXPECT_EQ(std::vector<uint8_t>(bytes->begin(), bytes->end()),
              (std::vector<uint8_t>{0, 1, 255}));
    EXPECT_EQ(newUint8Array(isolate, {})->Length(), 0u);
  });
}

TEST_F(JsValuesTest, BufferSourceBytesSeesExactlyTheViewedRange) {
  inside([&](v8::Isolate* isolate, v8::Local<v8::Context> context) {
    run(context, "globalThis.buf = new Uint8Array([10, 11, 12, 13, 14, 15]).buffer;");
    auto view = bufferSourceBytes(run(context, "new Uint8Array(buf, 2, 3)"));
    ASSERT_TRUE(view);
    EXPECT_EQ(std::vector<uint8_t>(view->begin(), view->end()), (std::vector<uint8_t>{12, 13, 14}));
    auto data_view = bufferSourceBytes(run(context, "new DataView(buf, 5)"));
    ASSERT_TRUE(data_view);
    EXPECT_EQ(std::vector<uint8_t>(data_view->begin(), data_view->end()), std::vector<uint8_t>{15});
    auto wide = bufferSourceBytes(run(context, "new Uint16Array(buf, 2, 2)"));
    ASSERT_TRUE(wide);
    EXPECT_EQ(wide->size(), 4u);
    EXPECT_EQ((*wide)[0], 12);
    auto whole = bufferSourceBytes(run(context, "buf"));
    ASSERT_TRUE(whole);
    EXPECT_EQ(whole->size(), 6u);
  });
}

TEST_F(JsValuesTest, BufferSourceBytesRefusesOtherValuesAndSeesDetachedBuffersAsEmpty) {
  inside([&](v8::Isolate* isolate, v8::Local<v8::Context> context) {
    EXPECT_FALSE(bufferSourceBytes(run(context, "'text'")));
    EXPECT_FALSE(bufferSourceBytes(run(context, "[1, 2, 3]")));
    EXPECT_FALSE(bufferSourceBytes(run(context, "({ byteLength: 3 })")));
    v8::Local<v8::Value> buffer = run(context, "new ArrayBuffer(8)");
    buffer.As<v8::ArrayBuffer>()->Detach();
    auto bytes = bufferSourceBytes(buffer);
    ASSERT_TRUE(bytes);
    EXPECT_TRUE(bytes->empty());
  });
}

TEST_F(JsValuesTest, DescribeExceptionPrefersTheStack) {
  inside([&](v8::Isolate* isolate, v8::Local<v8::Context> context) {
    std::string text =
        describeException(isolate, run(context, "(function where() { return new Error('x'); })()"));
    EXPECT_EQ(text.rfind("Error: x\n    at where (", 0), 0u) << text;
    EXPECT_EQ(describeException(isolate, run(context, "'plain string'")), "plain string");
    EXPECT_EQ(
        describeException(isolate, run(context, "({ stack: 42, toString() { return 'obj'; } })")),
        "obj");
  });
}

TEST_F(JsValuesTest, DescribeExceptionSurvivesValuesThatThrowWhenInspected) {
  inside([&](v8::Isolate* isolate, v8::Local<v8::Context> context) {
    v8::Local<v8::Value> hostile = run(context, R"(({
      get stack() { throw new Error('no stack for you'); },
      toString() { throw new Error('no string either'); },
    }))");
    EXPECT_EQ(describeException(isolate, hostile), "<exception>");
  });
}

TEST_F(JsValuesTest, ThrowHelpersThrowTheNamedErrorTypes) {
  inside([&](v8::Isolate* isolate, v8::Local<v8::Context> context) {
    {
      v8::TryCatch try_catch(isolate);
      throwTypeError(isolate, "bad type");
      ASSERT_TRUE(try_catch.HasCaught());
      EXPECT_EQ(describeException(isolate, try_catch.Exception()), "TypeError: bad type");
    }
    {
      v8::TryCatch try_catch(isolate);
      throwRangeError(isolate, "out of range");
      ASSERT_TRUE(try_catch.HasCaught());
      EXPECT_EQ(describeException(isolate, try_catch.Exception()), "RangeError: out of range");
    }
  });
}

TEST_F(JsValuesTest, GetPropertyIsEmptyWhenTheGetterThrows) {
  inside([&](v8::Isolate* isolate, v8::Local<v8::Context> context) {
    auto object =
        run(context, "({ a: 'value', get b() { throw new Error('getter'); } })").As<v8::Object>();
    v8::Local<v8::Value> a;
    ASSERT_TRUE(getProperty(context, object, "a").ToLocal(&a));
    EXPECT_EQ(toUtf8(isolate, a), "value");
    v8::TryCatch try_catch(isolate);
    EXPECT_TRUE(getProperty(context, object, "b").IsEmpty());
    EXPECT_TRUE(try_catch.HasCaught());
  });
}

}  // namespace
}  // namespace edged::runtime
