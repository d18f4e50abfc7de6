// encoding ops: UTF-8 and windows-1252 as the Encoding Standard defines them (TextEncoder and
// TextDecoder are built on these in runtime-js/api/06_encoding.js).
#include <gtest/gtest.h>

#include "api_ops_fixture.h"

namespace edged::api {
namespace {

using EncodingOps = testing::ApiOpsTest;

constexpr char kInvalidUtf8[] = "TypeError: The encoded data was not valid for encoding utf-8";

TEST_F(EncodingOps, DecodesValidUtf8) {
  EXPECT_EQ(js("ops.decodeUtf8(bytes(0x68, 0xc3, 0xa9, 0xe2, 0x82, 0xac), true)"), "hé€");
  EXPECT_EQ(js("units(ops.decodeUtf8(bytes(0xf0, 0x9f, 0x98, 0x80), true))"), "D83D DE00");
  EXPECT_EQ(js("units(ops.decodeUtf8(bytes(0xf4, 0x8f, 0xbf, 0xbf), true))"), "DBFF DFFF");
  EXPECT_EQ(js("ops.decodeUtf8(new Uint8Array(0), true).length"), "0");
  EXPECT_EQ(js("ops.decodeUtf8(bytes(0x61, 0x00, 0x62), true).length"), "3");
}

TEST_F(EncodingOps, DecodeReadsOnlyTheViewedBytes) {
  EXPECT_EQ(js("ops.decodeUtf8(new Uint8Array([0x41, 0x42, 0x43, 0x44]).subarray(1, 3), false)"),
            "BC");
  EXPECT_EQ(js("ops.decodeUtf8(new DataView(bytes(0x41, 0x42, 0x43).buffer, 2), false)"), "C");
  EXPECT_EQ(js("ops.decodeUtf8(bytes(0x41, 0x42).buffer, false)"), "AB");
}

TEST_F(EncodingOps, DecodeRefusesWhatIsNotABufferSource) {
  EXPECT_EQ(js("thrown(() => ops.decodeUtf8('abc', false))"),
            "TypeError: The \"input\" argument must be an ArrayBuffer or ArrayBufferView.");
  EXPECT_EQ(js("thrown(() => ops.decodeUtf8([0x41], false))"),
            "TypeError: The \"input\" argument must be an ArrayBuffer or ArrayBufferView.");
}

// Encoding Standard §8.1.1 (UTF-8 decoder) with "replacement" error mode: one U+FFFD per
// maximal subpart of an ill-formed sequence.
struct Malformed {
  const char* what;
  const char* bytes;        // JS argument list for bytes()
  const char* replacement;  // UTF-16 code units decoded without `fatal`
};

const Malformed kMalformed[] = {
    {"overlong NUL", "0xc0, 0x80", "FFFD FFFD"},
    {"overlong slash (3 bytes)", "0xe0, 0x80, 0xaf", "FFFD FFFD FFFD"},
    {"overlong (4 bytes)", "0xf0, 0x80, 0x80, 0xaf", "FFFD FFFD FFFD FFFD"},
    {"high surrogate D800", "0xed, 0xa0, 0x80", "FFFD FFFD FFFD"},
    {"low surrogate DFFF", "0xed, 0xbf, 0xbf", "FFFD FFFD FFFD"},
    {"past U+10FFFF", "0xf4, 0x90, 0x80, 0x80", "FFFD FFFD FFFD FFFD"},
    {"truncated at the end", "0x61, 0xe2, 0x82", "0061 FFFD"},
    {"truncated before ASCII", "0xe2, 0x82, 0x41", "FFFD 0041"},
    {"truncated 4-byte before ASCII", "0xf0, 0x9f, 0x98, 0x41", "FFFD 0041"},
    {"lone continuation", "0x80", "FFFD"},
    {"invalid lead FF", "0x41, 0xff, 0x42", "0041 FFFD 0042"},
    {"invalid lead F5", "0xf5, 0x80", "FFFD FFFD"},
};

TEST_F(EncodingOps, MalformedSequencesBecomeOneReplacementPerMaximalSubpart) {
  for (const Malformed& m : kMalformed) {
    EXPECT_EQ(js(std::string("units(ops.decodeUtf8(bytes(") + m.bytes + "), false))"),
              m.replacement)
        << m.what;
  }
}

TEST_F(EncodingOps, FatalDecodeRejectsEveryMalformedSequence) {
  for (const Malformed& m : kMalformed) {
    EXPECT_EQ(js(std::string("thrown(() => ops.decodeUtf8(bytes(") + m.bytes + "), true))"),
              kInvalidUtf8)
        << m.what;
  }
}

TEST_F(EncodingOps, EncodesLoneSurrogatesAsReplacementCharacters) {
  EXPECT_EQ(js("hex(ops.encodeUtf8('\\uD800'))"), "ef bf bd");
  EXPECT_EQ(js("hex(ops.encodeUtf8('a\\uDC00b'))"), "61 ef bf bd 62");
  EXPECT_EQ(js("hex(ops.encodeUtf8('\\uDE00\\uD83D'))"), "ef bf bd ef bf bd");
  EXPECT_EQ(js("hex(ops.encodeUtf8('\\uD83D\\uDE00'))"), "f0 9f 98 80");
  EXPECT_EQ(js("hex(ops.encodeUtf8('h\\u00e9\\u20ac'))"), "68 c3 a9 e2 82 ac");
}

TEST_F(EncodingOps, EncodeReturnsAFreshUint8ArrayAndStringifiesItsArgument) {
  EXPECT_EQ(js("const e = ops.encodeUtf8(''); e instanceof Uint8Array && e.length === 0"), "true");
  EXPECT_EQ(js("hex(ops.encodeUtf8(12))"), "31 32");
  EXPECT_EQ(js("ops.encodeUtf8('abc').buffer.byteLength"), "3");
}

// TextEncoder.encodeInto: [read, written]; a character that does not fit whole is not written.
TEST_F(EncodingOps, EncodeIntoStopsBeforeACharacterThatDoesNotFit) {
  EXPECT_EQ(js("const d1 = new Uint8Array(3); const r1 = ops.encodeUtf8Into('h\\u00e9llo', d1);"
               "r1.join() + ' ' + hex(d1)"),
            "2,3 68 c3 a9");
  EXPECT_EQ(
      js("const d2 = new Uint8Array(2); ops.encodeUtf8Into('\\u20ac', d2).join() + ' ' + hex(d2)"),
      "0,0 00 00");
  EXPECT_EQ(js("const d3 = new Uint8Array(5); ops.encodeUtf8Into('a\\uD83D\\uDE00', d3).join()"),
            "3,5");
  EXPECT_EQ(
      js("const d4 = new Uint8Array(3); ops.encodeUtf8Into('\\uD800', d4).join() + ' ' + hex(d4)"),
      "1,3 ef bf bd");
  EXPECT_EQ(js("ops.encodeUtf8Into('abc', new Uint8Array(10)).join()"), "3,3");
}

TEST_F(EncodingOps, EncodeIntoASurrogatePairThatDoesNotFitWritesNothing) {
  EXPECT_EQ(js("const d5 = new Uint8Array(3); ops.encodeUtf8Into('\\uD83D\\uDE00', d5).join() + ' "
               "' + hex(d5)"),
            "0,0 00 00 00");
}

TEST_F(EncodingOps, EncodeIntoWritesIntoTheViewedRange) {
  EXPECT_EQ(js("const whole = new Uint8Array(6);"
               "ops.encodeUtf8Into('abcdef', whole.subarray(2, 4)).join() + ' ' + hex(whole)"),
            "2,2 00 00 61 62 00 00");
  EXPECT_EQ(js("thrown(() => ops.encodeUtf8Into('a', 'not a buffer'))"),
            "TypeError: The destination must be a Uint8Array.");
}

TEST_F(EncodingOps, Latin1DecodesAsWindows1252) {
  EXPECT_EQ(js("units(ops.decodeLatin1(bytes(0x41, 0x00, 0x7f, 0xa0, 0xe9, 0xff)))"),
            "0041 0000 007F 00A0 00E9 00FF");
  // index-windows-1252.txt of the Encoding Standard, pointers 0–31 (bytes 0x80–0x9F).
  const char* kExpected =
      "20AC 0081 201A 0192 201E 2026 2020 2021 02C6 2030 0160 2039 0152 008D 017D 008F "
      "0090 2018 2019 201C 201D 2022 2013 2014 02DC 2122 0161 203A 0153 009D 017E 0178";
  EXPECT_EQ(js("units(ops.decodeLatin1(Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i)))"),
            kExpected);
  EXPECT_EQ(js("ops.decodeLatin1(new Uint8Array([0x41, 0x80, 0x42]).subarray(1))"), "€B");
  EXPECT_EQ(js("thrown(() => ops.decodeLatin1(null))"),
            "TypeError: The \"input\" argument must be an ArrayBuffer or ArrayBufferView.");
}

TEST_F(EncodingOps, Latin1OfEveryByteHasOneCodeUnitPerByte) {
  EXPECT_EQ(js("ops.decodeLatin1(Uint8Array.from({ length: 256 }, (_, i) => i)).length"), "256");
}

}  // namespace
}  // namespace edged::api
