'use strict';
// node:punycode (enable_nodejs_punycode_module): RFC 3492's Bootstring with the Punycode
// parameters, and the domain helpers of the punycode.js package (version 2.1.0) that Node and
// workerd ship: toASCII/toUnicode convert only the labels that need it, keep an email's local
// part, and accept the IDNA dot variants (U+3002, U+FF0E, U+FF61) as separators.

const {
  ArrayPrototypeJoin, ArrayPrototypeMap, ArrayPrototypePush, ArrayPrototypeSlice,
  ArrayPrototypeSplice, MathFloor,
  RangeError, RegExpPrototypeExec, StringFromCharCode, StringFromCodePoint,
  StringPrototypeCharCodeAt, StringPrototypeLastIndexOf, StringPrototypeReplace,
  StringPrototypeSlice, StringPrototypeSplit, StringPrototypeToLowerCase,
} = primordials;

const kMaxInt = 2147483647; // the largest value a 32-bit signed integer holds (RFC 3492 §6.4)
const kBase = 36;
const kTMin = 1;
const kTMax = 26;
const kSkew = 38;
const kDamp = 700;
const kInitialBias = 72;
const kInitialN = 128; // 0x80
const kDelimiter = '-';

const kErrors = {
  overflow: 'Overflow: input needs wider integers to process',
  notBasic: 'Illegal input >= 0x80 (not a basic code point)',
  invalidInput: 'Invalid input',
};
const fail = (type) => { throw new RangeError(kErrors[type]); };

// The string's code points, a surrogate pair making one (an unpaired surrogate stays itself).
function ucs2decode(string) {
  const output = [];
  const length = string.length;
  for (let i = 0; i < length;) {
    const value = StringPrototypeCharCodeAt(string, i++);
    if (value >= 0xD800 && value <= 0xDBFF && i < length) {
      const extra = StringPrototypeCharCodeAt(string, i++);
      if ((extra & 0xFC00) === 0xDC00) {
        ArrayPrototypePush(output, ((value & 0x3FF) << 10) + (extra & 0x3FF) + 0x10000);
      } else {
        ArrayPrototypePush(output, value);
        i--;
      }
    } else {
      ArrayPrototypePush(output, value);
    }
  }
  return output;
}

// Code points to a string, in slices: one spread call of a long array would exceed the stack.
function ucs2encode(codePoints) {
  let string = '';
  for (let i = 0; i < codePoints.length; i += 4096) {
    string += StringFromCodePoint(...ArrayPrototypeSlice(codePoints, i, i + 4096));
  }
  return string;
}

// A basic code point's digit value (0-9 are 26-35, letters 0-25 either case), or kBase.
function basicToDigit(codePoint) {
  if (codePoint >= 0x30 && codePoint < 0x3A) return 26 + (codePoint - 0x30);
  if (codePoint >= 0x41 && codePoint < 0x5B) return codePoint - 0x41;
  if (codePoint >= 0x61 && codePoint < 0x7B) return codePoint - 0x61;
  return kBase;
}

// A digit's lowercase basic code point (RFC 3492 §5).
const digitToBasic = (digit) => digit + 22 + 75 * (digit < 26);

// RFC 3492 §6.1.
function adapt(delta, numPoints, firstTime) {
  let k = 0;
  delta = firstTime ? MathFloor(delta / kDamp) : delta >> 1;
  delta += MathFloor(delta / numPoints);
  for (; delta > ((kBase - kTMin) * kTMax) >> 1; k += kBase) {
    delta = MathFloor(delta / (kBase - kTMin));
  }
  return MathFloor(k + ((kBase - kTMin + 1) * delta) / (delta + kSkew));
}

// RFC 3492 §6.2: Punycode ASCII to the Unicode string it stands for.
function decode(input) {
  const output = [];
  const inputLength = input.length;
  let i = 0;
  let n = kInitialN;
  let bias = kInitialBias;

  // The basic code points are those before the last delimiter, copied as they are.
  let basic = StringPrototypeLastIndexOf(input, kDelimiter);
  if (basic < 0) basic = 0;
  for (let j = 0; j < basic; ++j) {
    if (StringPrototypeCharCodeAt(input, j) >= 0x80) fail('notBasic');
    ArrayPrototypePush(output, StringPrototypeCharCodeAt(input, j));
  }

  for (let index = basic > 0 ? basic + 1 : 0; index < inputLength;) {
    // Each generalized variable-length integer is one insertion: position and code point.
    const oldi = i;
    for (let w = 1, k = kBase; ; k += kBase) {
      if (index >= inputLength) fail('invalidInput');
      const digit = basicToDigit(StringPrototypeCharCodeAt(input, index++));
      if (digit >= kBase) fail('invalidInput');
      if (digit > MathFloor((kMaxInt - i) / w)) fail('overflow');
      i += digit * w;
      const t = k <= bias ? kTMin : (k >= bias + kTMax ? kTMax : k - bias);
      if (digit < t) break;
      const baseMinusT = kBase - t;
      if (w > MathFloor(kMaxInt / baseMinusT)) fail('overflow');
      w *= baseMinusT;
    }
    const out = output.length + 1;
    bias = adapt(i - oldi, out, oldi === 0);
    if (MathFloor(i / out) > kMaxInt - n) fail('overflow');
    n += MathFloor(i / out);
    i %= out;
    ArrayPrototypeSplice(output, i++, 0, n);
  }
  return ucs2encode(output);
}

// RFC 3492 §6.3: a Unicode string to Punycode ASCII.
function encode(input) {
  const output = [];
  input = ucs2decode(input);
  const inputLength = input.length;
  let n = kInitialN;
  let delta = 0;
  let bias = kInitialBias;

  for (const currentValue of input) {
    if (currentValue < 0x80) ArrayPrototypePush(output, StringFromCharCode(currentValue));
  }
  const basicLength = output.length;
  let handledCPCount = basicLength;
  if (basicLength) ArrayPrototypePush(output, kDelimiter);

  while (handledCPCount < inputLength) {
    // The smallest code point not handled yet.
    let m = kMaxInt;
    for (const currentValue of input) {
      if (currentValue >= n && currentValue < m) m = currentValue;
    }
    const handledCPCountPlusOne = handledCPCount + 1;
    if (m - n > MathFloor((kMaxInt - delta) / handledCPCountPlusOne)) fail('overflow');
    delta += (m - n) * handledCPCountPlusOne;
    n = m;

    for (const currentValue of input) {
      if (currentValue < n && ++delta > kMaxInt) fail('overflow');
      if (currentValue !== n) continue;
      // delta as a generalized variable-length integer.
      let q = delta;
      for (let k = kBase; ; k += kBase) {
        const t = k <= bias ? kTMin : (k >= bias + kTMax ? kTMax : k - bias);
        if (q < t) break;
        const qMinusT = q - t;
        const baseMinusT = kBase - t;
        ArrayPrototypePush(output, StringFromCharCode(digitToBasic(t + (qMinusT % baseMinusT))));
        q = MathFloor(qMinusT / baseMinusT);
      }
      ArrayPrototypePush(output, StringFromCharCode(digitToBasic(q)));
      bias = adapt(delta, handledCPCountPlusOne, handledCPCount === basicLength);
      delta = 0;
      ++handledCPCount;
    }
    ++delta;
    ++n;
  }
  return ArrayPrototypeJoin(output, '');
}

const kSeparators = /[\x2E\u3002\uFF0E\uFF61]/g;
const kPunycodeLabel = /^xn--/;
const kNonAscii = /[^\0-\x7F]/;

// `fn` applied to each label of a domain (or of an email address's domain part).
function mapDomain(domain, fn) {
  const parts = StringPrototypeSplit(domain, '@');
  let result = '';
  if (parts.length > 1) {
    result = parts[0] + '@';
    domain = parts[1];
  }
  domain = StringPrototypeReplace(domain, kSeparators, '.');
  const labels = ArrayPrototypeMap(StringPrototypeSplit(domain, '.'), fn);
  return result + ArrayPrototypeJoin(labels, '.');
}

function toUnicode(input) {
  return mapDomain(input, (label) => (RegExpPrototypeExec(kPunycodeLabel, label) !== null
    ? decode(StringPrototypeToLowerCase(StringPrototypeSlice(label, 4)))
    : label));
}

function toASCII(input) {
  return mapDomain(input, (label) => (RegExpPrototypeExec(kNonAscii, label) !== null
    ? 'xn--' + encode(label)
    : label));
}

internals.defineGatedNodeModule('enable_nodejs_punycode_module', 'punycode', {
  version: '2.1.0',
  ucs2: { decode: ucs2decode, encode: ucs2encode },
  decode,
  encode,
  toASCII,
  toUnicode,
});
