'use strict';
// The WHATWG URL Standard's parsing and serializing algorithms (https://url.spec.whatwg.org/),
// written to follow the spec's steps. 05_url.js builds the URL and URLSearchParams classes on
// them; Request and fetch use them through `internals.parseURL` (published in 05_url.js).
//
// A URL record is a URLRecord: scheme, username, password, host, port (a number or null), path,
// query and fragment (strings or null), and `href`, its serialization. The host is kept
// serialized: null (no host), '' (empty host), a domain, an opaque host, "1.2.3.4" or "[::1]";
// nothing needs the parsed form once serialized. The path is an array of segments or, for an
// opaque path, a string.
//
// Strings are walked in UTF-16 code units rather than code points: every decision the parser
// makes is on ASCII, and percent-encoding takes whole substrings, so surrogate pairs stay
// together. Inputs are USVStrings (05_url.js converts them), so there are no lone surrogates.
// The spec's "buffer" is always a contiguous run of the input, so it is kept as a start index.

const {
  ArrayPrototypePop,
  ArrayPrototypePush,
  ArrayPrototypeSlice,
  NumberPrototypeToString,
  ReflectApply,
  RegExpPrototypeExec,
  StringFromCharCode,
  StringPrototypeCharCodeAt,
  StringPrototypeIndexOf,
  StringPrototypeLastIndexOf,
  StringPrototypeSlice,
  StringPrototypeToLowerCase,
  Uint8Array,
} = primordials;
// ops.domainToASCII(domain, beStrict) -> ASCII string, or null on failure (src/api/idna.h).
const opDomainToASCII = ops.domainToASCII;

const EOF = -1;
// The code unit at i, or EOF past the end (`len` is the string's length, passed for speed).
const codeAt = (s, i, len) => (i < len ? StringPrototypeCharCodeAt(s, i) : EOF);

// ---------------------------------------------------------------------------------------------
// Percent-encode sets (https://url.spec.whatwg.org/#percent-encoded-bytes): for each ASCII code
// unit, 1 if it is in the set. Every set also holds all code points above U+007E.

const makeSet = (base, chars) => {
  const set = new Uint8Array(128);
  for (let i = 0; i < 128; i++) set[i] = base === null ? (i < 0x20 || i === 0x7f ? 1 : 0) : base[i];
  for (let i = 0; i < chars.length; i++) set[StringPrototypeCharCodeAt(chars, i)] = 1;
  return set;
};
const kC0ControlSet = makeSet(null, '');
const kFragmentSet = makeSet(kC0ControlSet, ' "<>`');
const kQuerySet = makeSet(kC0ControlSet, ' "#<>');
const kSpecialQuerySet = makeSet(kQuerySet, "'");
const kPathSet = makeSet(kQuerySet, '?`{}');
const kUserinfoSet = makeSet(kPathSet, '/:;=@[\\]^|');
const kComponentSet = makeSet(kUserinfoSet, '$%&+,');
const kFormSet = makeSet(kComponentSet, "!'()~");

const kHexBytes = [];
for (let i = 0; i < 256; i++) {
  const hex = '0123456789ABCDEF';
  ArrayPrototypePush(kHexBytes, '%' + hex[i >> 4] + hex[i & 15]);
}

// UTF-8 percent-encodes every code point of `input` that is in `set`
// (https://url.spec.whatwg.org/#string-percent-encode-after-encoding, UTF-8 only).
function percentEncode(input, set, spaceAsPlus = false) {
  const len = input.length;
  let i = 0;
  for (; i < len; i++) {
    const c = StringPrototypeCharCodeAt(input, i);
    if (c > 0x7e || set[c] === 1) break;
  }
  if (i === len) return input;  // the common case: nothing to encode

  let out = StringPrototypeSlice(input, 0, i);
  let runStart = i;
  for (; i < len; i++) {
    let c = StringPrototypeCharCodeAt(input, i);
    if (c <= 0x7e && set[c] === 0) continue;
    if (runStart < i) out += StringPrototypeSlice(input, runStart, i);
    runStart = i + 1;
    if (c < 0x80) {
      out += spaceAsPlus && c === 0x20 ? '+' : kHexBytes[c];
    } else if (c < 0x800) {
      out += kHexBytes[0xc0 | (c >> 6)] + kHexBytes[0x80 | (c & 0x3f)];
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < len ? StringPrototypeCharCodeAt(input, i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        out += kHexBytes[0xf0 | (c >> 18)] + kHexBytes[0x80 | ((c >> 12) & 0x3f)] +
          kHexBytes[0x80 | ((c >> 6) & 0x3f)] + kHexBytes[0x80 | (c & 0x3f)];
        i++;
        runStart = i + 1;
      } else {
        out += '%EF%BF%BD';  // a lone surrogate is U+FFFD once encoded
      }
    } else {
      out += kHexBytes[0xe0 | (c >> 12)] + kHexBytes[0x80 | ((c >> 6) & 0x3f)] +
        kHexBytes[0x80 | (c & 0x3f)];
    }
  }
  if (runStart < len) out += StringPrototypeSlice(input, runStart, len);
  return out;
}

const hexValue = (c) => {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
};

// Builds a string from code units in chunks, without spreading (which would use the patchable
// array iterator).
function codeUnitsToString(units) {
  let out = '';
  for (let i = 0; i < units.length; i += 8192) {
    out += ReflectApply(StringFromCharCode, null, ArrayPrototypeSlice(units, i, i + 8192));
  }
  return out;
}

// UTF-8 decode without BOM (https://encoding.spec.whatwg.org/#utf-8-decode-without-bom): bytes
// to a string, each maximal invalid subsequence becoming U+FFFD.
function utf8Decode(bytes, length) {
  const units = [];
  let codePoint = 0;
  let needed = 0;
  let seen = 0;
  let lower = 0x80;
  let upper = 0xbf;
  for (let i = 0; i < length; i++) {
    const b = bytes[i];
    if (needed === 0) {
      if (b <= 0x7f) {
        ArrayPrototypePush(units, b);
      } else if (b >= 0xc2 && b <= 0xdf) {
        needed = 1;
        codePoint = b & 0x1f;
      } else if (b >= 0xe0 && b <= 0xef) {
        if (b === 0xe0) lower = 0xa0;
        if (b === 0xed) upper = 0x9f;
        needed = 2;
        codePoint = b & 0xf;
      } else if (b >= 0xf0 && b <= 0xf4) {
        if (b === 0xf0) lower = 0x90;
        if (b === 0xf4) upper = 0x8f;
        needed = 3;
        codePoint = b & 0x7;
      } else {
        ArrayPrototypePush(units, 0xfffd);
      }
      continue;
    }
    if (b < lower || b > upper) {
      codePoint = needed = seen = 0;
      lower = 0x80;
      upper = 0xbf;
      ArrayPrototypePush(units, 0xfffd);
      i--;  // the byte starts over
      continue;
    }
    lower = 0x80;
    upper = 0xbf;
    codePoint = (codePoint << 6) | (b & 0x3f);
    if (++seen !== needed) continue;
    if (codePoint > 0xffff) {
      codePoint -= 0x10000;
      ArrayPrototypePush(units, 0xd800 + (codePoint >> 10), 0xdc00 + (codePoint & 0x3ff));
    } else {
      ArrayPrototypePush(units, codePoint);
    }
    codePoint = needed = seen = 0;
  }
  if (needed !== 0) ArrayPrototypePush(units, 0xfffd);
  return codeUnitsToString(units);
}

// Percent-decodes the UTF-8 encoding of `input` and UTF-8 decodes the bytes back
// (https://url.spec.whatwg.org/#string-percent-decode followed by UTF-8 decode without BOM).
// With `plusAsSpace`, "+" becomes a space first (application/x-www-form-urlencoded).
function percentDecode(input, plusAsSpace) {
  if (StringPrototypeIndexOf(input, '%') === -1 &&
      (!plusAsSpace || StringPrototypeIndexOf(input, '+') === -1)) {
    return input;
  }
  const len = input.length;
  let i;
  const bytes = new Uint8Array(len * 3);
  let n = 0;
  for (i = 0; i < len; i++) {
    let c = StringPrototypeCharCodeAt(input, i);
    if (c === 0x25 && i + 2 < len) {
      const hi = hexValue(StringPrototypeCharCodeAt(input, i + 1));
      const lo = hexValue(StringPrototypeCharCodeAt(input, i + 2));
      if (hi >= 0 && lo >= 0) {
        bytes[n++] = (hi << 4) | lo;
        i += 2;
        continue;
      }
      bytes[n++] = c;  // a "%" not followed by two hex digits stays as it is
    } else if (c < 0x80) {
      bytes[n++] = plusAsSpace && c === 0x2b ? 0x20 : c;
    } else if (c < 0x800) {
      bytes[n++] = 0xc0 | (c >> 6);
      bytes[n++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < len ? StringPrototypeCharCodeAt(input, i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          bytes[n++] = 0xf0 | (c >> 18);
          bytes[n++] = 0x80 | ((c >> 12) & 0x3f);
          bytes[n++] = 0x80 | ((c >> 6) & 0x3f);
          bytes[n++] = 0x80 | (c & 0x3f);
          i++;
          continue;
        }
        c = 0xfffd;
      }
      bytes[n++] = 0xe0 | (c >> 12);
      bytes[n++] = 0x80 | ((c >> 6) & 0x3f);
      bytes[n++] = 0x80 | (c & 0x3f);
    }
  }
  return utf8Decode(bytes, n);
}

// ---------------------------------------------------------------------------------------------
// Schemes, records, small predicates

// https://url.spec.whatwg.org/#special-scheme
const isSpecialScheme = (scheme) => {
  switch (scheme) {
    case 'http': case 'https': case 'ws': case 'wss': case 'ftp': case 'file': return true;
    default: return false;
  }
};
const defaultPort = (scheme) => {
  switch (scheme) {
    case 'http': case 'ws': return 80;
    case 'https': case 'wss': return 443;
    case 'ftp': return 21;
    default: return null;
  }
};

// https://url.spec.whatwg.org/#concept-url
class URLRecord {
  constructor() {
    this.scheme = '';
    this.username = '';
    this.password = '';
    this.host = null;
    this.port = null;
    this.path = [];
    this.query = null;
    this.fragment = null;
  }

  // The serialization (https://url.spec.whatwg.org/#concept-url-serializer), for callers that
  // only want the string.
  get href() {
    return serializeURL(this);
  }
}

const hasOpaquePath = (url) => typeof url.path === 'string';
const includesCredentials = (url) => url.username !== '' || url.password !== '';
// https://url.spec.whatwg.org/#cannot-have-a-username-password-port
const cannotHaveUsernamePasswordPort = (url) =>
  url.host === null || url.host === '' || url.scheme === 'file';

const isAsciiAlpha = (c) => (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
const isAsciiDigit = (c) => c >= 0x30 && c <= 0x39;

// https://url.spec.whatwg.org/#windows-drive-letter
const isWindowsDriveLetter = (s) => s.length === 2 &&
  isAsciiAlpha(StringPrototypeCharCodeAt(s, 0)) &&
  (StringPrototypeCharCodeAt(s, 1) === 0x3a || StringPrototypeCharCodeAt(s, 1) === 0x7c);
const isNormalizedWindowsDriveLetter = (s) => s.length === 2 &&
  isAsciiAlpha(StringPrototypeCharCodeAt(s, 0)) && StringPrototypeCharCodeAt(s, 1) === 0x3a;
// https://url.spec.whatwg.org/#start-with-a-windows-drive-letter, for input[i..]
function startsWithWindowsDriveLetter(input, i) {
  const left = input.length - i;
  if (left < 2) return false;
  const c1 = StringPrototypeCharCodeAt(input, i + 1);
  if (!isAsciiAlpha(StringPrototypeCharCodeAt(input, i)) || (c1 !== 0x3a && c1 !== 0x7c)) {
    return false;
  }
  if (left === 2) return true;
  const c2 = StringPrototypeCharCodeAt(input, i + 2);
  return c2 === 0x2f || c2 === 0x5c || c2 === 0x3f || c2 === 0x23;
}

// https://url.spec.whatwg.org/#single-dot-path-segment (and double-dot); case-insensitive %2e.
function isSingleDot(s) {
  if (s === '.') return true;
  return s.length === 3 && StringPrototypeToLowerCase(s) === '%2e';
}
function isDoubleDot(s) {
  switch (s.length) {
    case 2: return s === '..';
    case 4: { const t = StringPrototypeToLowerCase(s); return t === '.%2e' || t === '%2e.'; }
    case 6: return StringPrototypeToLowerCase(s) === '%2e%2e';
    default: return false;
  }
}

// https://url.spec.whatwg.org/#shorten-a-urls-path
function shortenPath(url) {
  const path = url.path;
  if (url.scheme === 'file' && path.length === 1 && isNormalizedWindowsDriveLetter(path[0])) {
    return;
  }
  if (path.length > 0) ArrayPrototypePop(path);
}

// ---------------------------------------------------------------------------------------------
// Hosts (https://url.spec.whatwg.org/#host-parsing)

// https://url.spec.whatwg.org/#forbidden-host-code-point
const kForbiddenHost = makeSet(new Uint8Array(128), '\0\t\n\r #/:<>?@[\\]^|');
// https://url.spec.whatwg.org/#forbidden-domain-code-point
const kForbiddenDomain = makeSet(kForbiddenHost, '%\x7f');
for (let i = 0; i < 0x20; i++) kForbiddenDomain[i] = 1;

// https://url.spec.whatwg.org/#concept-ipv4-number-parser on s[start..end); returns a number or
// -1 (failure).
function parseIPv4Number(s, start, end) {
  const len = end - start;
  if (len === 0) return -1;
  let radix = 10;
  let i = start;
  if (len >= 2 && StringPrototypeCharCodeAt(s, start) === 0x30) {
    const c1 = StringPrototypeCharCodeAt(s, start + 1) | 0x20;
    if (c1 === 0x78) {
      i += 2;
      radix = 16;
    } else {
      i += 1;
      radix = 8;
    }
  }
  let n = 0;
  for (; i < end; i++) {
    const c = StringPrototypeCharCodeAt(s, i);
    let d;
    if (radix === 16) d = hexValue(c);
    else d = c >= 0x30 && c < 0x30 + radix ? c - 0x30 : -1;
    if (d < 0) return -1;
    n = n * radix + d;  // may grow past 2^53; it only needs to compare as too large
  }
  return n;
}

// https://url.spec.whatwg.org/#ends-in-a-number-checker
function endsInANumber(s) {
  let end = s.length;
  if (end > 0 && StringPrototypeCharCodeAt(s, end - 1) === 0x2e) end--;
  if (end === 0) return false;
  const start = StringPrototypeLastIndexOf(s, '.', end - 1) + 1;
  if (start === end) return false;
  let allDigits = true;
  for (let i = start; i < end; i++) {
    if (!isAsciiDigit(StringPrototypeCharCodeAt(s, i))) {
      allDigits = false;
      break;
    }
  }
  return allDigits || parseIPv4Number(s, start, end) >= 0;
}

// https://url.spec.whatwg.org/#concept-ipv4-parser; returns the address or -1 (failure).
function parseIPv4(s) {
  const numbers = [];
  let start = 0;
  for (;;) {
    let dot = StringPrototypeIndexOf(s, '.', start);
    if (dot === -1) dot = s.length;
    // A trailing "." is dropped ("If the last item in parts is the empty string ...").
    if (dot === s.length && start === dot && numbers.length > 0) break;
    if (numbers.length === 4) return -1;  // more than four parts
    const n = parseIPv4Number(s, start, dot);
    if (n < 0) return -1;
    ArrayPrototypePush(numbers, n);
    if (dot === s.length) break;
    start = dot + 1;
  }
  const count = numbers.length;
  for (let i = 0; i < count - 1; i++) {
    if (numbers[i] > 255) return -1;
  }
  const last = numbers[count - 1];
  if (last >= 256 ** (5 - count)) return -1;
  let ipv4 = last;
  for (let i = 0; i < count - 1; i++) ipv4 += numbers[i] * 256 ** (3 - i);
  return ipv4;
}

// https://url.spec.whatwg.org/#concept-ipv4-serializer
const serializeIPv4 = (n) =>
  `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

// https://url.spec.whatwg.org/#concept-ipv6-parser, on input[start..end); returns the eight
// pieces or null.
function parseIPv6(input, start, end) {
  const address = [0, 0, 0, 0, 0, 0, 0, 0];
  let pieceIndex = 0;
  let compress = -1;
  let pointer = start;
  const at = (i) => (i < end ? StringPrototypeCharCodeAt(input, i) : EOF);

  if (at(pointer) === 0x3a) {
    if (at(pointer + 1) !== 0x3a) return null;
    pointer += 2;
    pieceIndex++;
    compress = pieceIndex;
  }
  while (at(pointer) !== EOF) {
    if (pieceIndex === 8) return null;
    if (at(pointer) === 0x3a) {
      if (compress !== -1) return null;
      pointer++;
      pieceIndex++;
      compress = pieceIndex;
      continue;
    }
    let value = 0;
    let length = 0;
    while (length < 4 && hexValue(at(pointer)) >= 0) {
      value = value * 0x10 + hexValue(at(pointer));
      pointer++;
      length++;
    }
    if (at(pointer) === 0x2e) {
      if (length === 0) return null;
      pointer -= length;
      if (pieceIndex > 6) return null;
      let numbersSeen = 0;
      while (at(pointer) !== EOF) {
        let ipv4Piece = -1;
        if (numbersSeen > 0) {
          if (at(pointer) === 0x2e && numbersSeen < 4) pointer++;
          else return null;
        }
        if (!isAsciiDigit(at(pointer))) return null;
        while (isAsciiDigit(at(pointer))) {
          const number = at(pointer) - 0x30;
          if (ipv4Piece === -1) ipv4Piece = number;
          else if (ipv4Piece === 0) return null;
          else ipv4Piece = ipv4Piece * 10 + number;
          if (ipv4Piece > 255) return null;
          pointer++;
        }
        address[pieceIndex] = address[pieceIndex] * 0x100 + ipv4Piece;
        numbersSeen++;
        if (numbersSeen === 2 || numbersSeen === 4) pieceIndex++;
      }
      if (numbersSeen !== 4) return null;
      break;
    } else if (at(pointer) === 0x3a) {
      pointer++;
      if (at(pointer) === EOF) return null;
    } else if (at(pointer) !== EOF) {
      return null;
    }
    address[pieceIndex] = value;
    pieceIndex++;
  }
  if (compress !== -1) {
    let swaps = pieceIndex - compress;
    pieceIndex = 7;
    while (pieceIndex !== 0 && swaps > 0) {
      const tmp = address[pieceIndex];
      address[pieceIndex] = address[compress + swaps - 1];
      address[compress + swaps - 1] = tmp;
      pieceIndex--;
      swaps--;
    }
  } else if (pieceIndex !== 8) {
    return null;
  }
  return address;
}

// https://url.spec.whatwg.org/#concept-ipv6-serializer (without the brackets)
function serializeIPv6(address) {
  // The first longest run of two or more zero pieces is compressed.
  let compress = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (address[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && address[j] === 0) j++;
    if (j - i > bestLength) {
      bestLength = j - i;
      compress = i;
    }
    i = j;
  }
  let output = '';
  let ignore0 = false;
  for (let i = 0; i < 8; i++) {
    if (ignore0 && address[i] === 0) continue;
    ignore0 = false;
    if (compress === i) {
      output += i === 0 ? '::' : ':';
      ignore0 = true;
      continue;
    }
    output += NumberPrototypeToString(address[i], 16);
    if (i !== 7) output += ':';
  }
  return output;
}

// https://url.spec.whatwg.org/#concept-opaque-host-parser
function parseOpaqueHost(input) {
  for (let i = 0; i < input.length; i++) {
    const c = StringPrototypeCharCodeAt(input, i);
    if (c < 0x80 && kForbiddenHost[c] === 1) return null;
  }
  return percentEncode(input, kC0ControlSet);
}

// True if some label of `domain` starts with "xn--", ASCII case-insensitively.
function hasPunycodeLabel(domain) {
  let i = StringPrototypeIndexOf(domain, '-');
  while (i !== -1) {
    if (i >= 2 && StringPrototypeCharCodeAt(domain, i + 1) === 0x2d &&
        (StringPrototypeCharCodeAt(domain, i - 1) | 0x20) === 0x6e &&
        (StringPrototypeCharCodeAt(domain, i - 2) | 0x20) === 0x78 &&
        (i === 2 || StringPrototypeCharCodeAt(domain, i - 3) === 0x2e)) {
      return true;
    }
    i = StringPrototypeIndexOf(domain, '-', i + 1);
  }
  return false;
}

// https://url.spec.whatwg.org/#concept-domain-to-ascii with beStrict = false.
function domainToASCII(domain) {
  // Step 1: an ASCII domain without "xn--" labels only needs ASCII lowercasing; UTS #46 maps
  // nothing else in ASCII when UseSTD3ASCIIRules is false. Nearly every URL takes this path.
  let ascii = true;
  for (let i = 0; i < domain.length; i++) {
    if (StringPrototypeCharCodeAt(domain, i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii && !hasPunycodeLabel(domain)) return StringPrototypeToLowerCase(domain);
  return opDomainToASCII(domain, false);
}

// https://url.spec.whatwg.org/#concept-host-parser; returns the serialized host or null.
function parseHost(input, isNotSpecial) {
  if (StringPrototypeCharCodeAt(input, 0) === 0x5b) {
    const end = input.length - 1;
    if (end === 0 || StringPrototypeCharCodeAt(input, end) !== 0x5d) return null;
    const address = parseIPv6(input, 1, end);
    return address === null ? null : '[' + serializeIPv6(address) + ']';
  }
  if (isNotSpecial) return parseOpaqueHost(input);
  const domain = percentDecode(input, false);
  const asciiDomain = domainToASCII(domain);
  if (asciiDomain === null || asciiDomain === '') return null;
  for (let i = 0; i < asciiDomain.length; i++) {
    const c = StringPrototypeCharCodeAt(asciiDomain, i);
    if (c < 0x80 && kForbiddenDomain[c] === 1) return null;
  }
  if (endsInANumber(asciiDomain)) {
    const ipv4 = parseIPv4(asciiDomain);
    return ipv4 < 0 ? null : serializeIPv4(ipv4);
  }
  return asciiDomain;
}

// ---------------------------------------------------------------------------------------------
// The basic URL parser (https://url.spec.whatwg.org/#concept-basic-url-parser)

const kSchemeStart = 1;
const kScheme = 2;
const kNoScheme = 3;
const kSpecialRelativeOrAuthority = 4;
const kPathOrAuthority = 5;
const kRelative = 6;
const kRelativeSlash = 7;
const kSpecialAuthoritySlashes = 8;
const kSpecialAuthorityIgnoreSlashes = 9;
const kAuthority = 10;
const kHost = 11;
const kHostname = 12;
const kPort = 13;
const kFile = 14;
const kFileSlash = 15;
const kFileHost = 16;
const kPathStart = 17;
const kPath = 18;
const kOpaquePath = 19;
const kQuery = 20;
const kFragment = 21;

const kTabOrNewline = /[\t\n\r]/;

// Removes leading and trailing C0 control or space, then all ASCII tab or newline.
function cleanInput(input, trim) {
  let start = 0;
  let end = input.length;
  if (trim) {
    while (start < end && StringPrototypeCharCodeAt(input, start) <= 0x20) start++;
    while (end > start && StringPrototypeCharCodeAt(input, end - 1) <= 0x20) end--;
  }
  if (start === 0 && end === input.length && RegExpPrototypeExec(kTabOrNewline, input) === null) {
    return input;  // the common case
  }
  let out = '';
  let runStart = start;
  for (let i = start; i < end; i++) {
    const c = StringPrototypeCharCodeAt(input, i);
    if (c === 0x09 || c === 0x0a || c === 0x0d) {
      out += StringPrototypeSlice(input, runStart, i);
      runStart = i + 1;
    }
  }
  return out + StringPrototypeSlice(input, runStart, end);
}

// Runs the basic URL parser. Without `url`, parses `input` against `base` (a URLRecord or null)
// and returns a new URLRecord or null (failure). With `url` and `stateOverride` (the setters),
// modifies `url` in place and returns null on failure, `url` otherwise.
function basicURLParse(input, base, url, stateOverride) {
  if (url === null) {
    url = new URLRecord();
    input = cleanInput(input, true);
  } else {
    input = cleanInput(input, false);
  }
  const len = input.length;
  let state = stateOverride || kSchemeStart;
  let special = isSpecialScheme(url.scheme);
  let bufStart = -1;  // the buffer is input[bufStart, pointer); -1 while it is empty
  let atSignSeen = false;
  let insideBrackets = false;
  let passwordTokenSeen = false;
  let pointer = 0;

  for (;; pointer++) {
    let c = codeAt(input, pointer, len);
    switch (state) {
      case kSchemeStart:
        if (isAsciiAlpha(c)) {
          bufStart = pointer;
          state = kScheme;
        } else if (!stateOverride) {
          state = kNoScheme;
          pointer--;
        } else {
          return null;
        }
        break;

      case kScheme:
        // ASCII alphanumerics, "+", "-" and "." join the buffer.
        while (isAsciiAlpha(c) || isAsciiDigit(c) || c === 0x2b || c === 0x2d || c === 0x2e) {
          c = codeAt(input, ++pointer, len);
        }
        if (c === 0x3a) {
          const buffer = StringPrototypeToLowerCase(StringPrototypeSlice(input, bufStart, pointer));
          if (stateOverride) {
            if (special !== isSpecialScheme(buffer)) return url;
            if ((includesCredentials(url) || url.port !== null) && buffer === 'file') return url;
            if (url.scheme === 'file' && url.host === '') return url;
          }
          url.scheme = buffer;
          special = isSpecialScheme(buffer);
          if (stateOverride) {
            if (url.port === defaultPort(buffer)) url.port = null;
            return url;
          }
          bufStart = -1;
          if (buffer === 'file') {
            state = kFile;
          } else if (special && base !== null && base.scheme === buffer) {
            state = kSpecialRelativeOrAuthority;
          } else if (special) {
            state = kSpecialAuthoritySlashes;
          } else if (codeAt(input, pointer + 1, len) === 0x2f) {
            state = kPathOrAuthority;
            pointer++;
          } else {
            url.path = '';
            state = kOpaquePath;
          }
        } else if (!stateOverride) {
          bufStart = -1;
          state = kNoScheme;
          pointer = -1;  // start over from the first code point
        } else {
          return null;
        }
        break;

      case kNoScheme:
        if (base === null || (hasOpaquePath(base) && c !== 0x23)) return null;
        if (hasOpaquePath(base)) {
          url.scheme = base.scheme;
          special = isSpecialScheme(url.scheme);
          url.path = base.path;
          url.query = base.query;
          url.fragment = '';
          state = kFragment;
        } else {
          state = base.scheme !== 'file' ? kRelative : kFile;
          pointer--;
        }
        break;

      case kSpecialRelativeOrAuthority:
        if (c === 0x2f && codeAt(input, pointer + 1, len) === 0x2f) {
          state = kSpecialAuthorityIgnoreSlashes;
          pointer++;
        } else {
          state = kRelative;
          pointer--;
        }
        break;

      case kPathOrAuthority:
        if (c === 0x2f) {
          state = kAuthority;
        } else {
          state = kPath;
          pointer--;
        }
        break;

      case kRelative:
        url.scheme = base.scheme;
        special = isSpecialScheme(url.scheme);
        if (c === 0x2f || (special && c === 0x5c)) {
          state = kRelativeSlash;
        } else {
          url.username = base.username;
          url.password = base.password;
          url.host = base.host;
          url.port = base.port;
          url.path = ArrayPrototypeSlice(base.path);
          url.query = base.query;
          if (c === 0x3f) {
            url.query = '';
            state = kQuery;
          } else if (c === 0x23) {
            url.fragment = '';
            state = kFragment;
          } else if (c !== EOF) {
            url.query = null;
            shortenPath(url);
            state = kPath;
            pointer--;
          }
        }
        break;

      case kRelativeSlash:
        if (special && (c === 0x2f || c === 0x5c)) {
          state = kSpecialAuthorityIgnoreSlashes;
        } else if (c === 0x2f) {
          state = kAuthority;
        } else {
          url.username = base.username;
          url.password = base.password;
          url.host = base.host;
          url.port = base.port;
          state = kPath;
          pointer--;
        }
        break;

      case kSpecialAuthoritySlashes:
        state = kSpecialAuthorityIgnoreSlashes;
        if (c === 0x2f && codeAt(input, pointer + 1, len) === 0x2f) pointer++;
        else pointer--;
        break;

      case kSpecialAuthorityIgnoreSlashes:
        if (c !== 0x2f && c !== 0x5c) {
          state = kAuthority;
          pointer--;
        }
        break;

      case kAuthority: {
        // The buffer runs to the next "@" (userinfo) or the end of the authority.
        let start = pointer;
        for (;;) {
          let end = start;
          for (; end < len; end++) {
            const d = StringPrototypeCharCodeAt(input, end);
            if (d === 0x40 || d === 0x2f || d === 0x3f || d === 0x23 || (special && d === 0x5c)) {
              break;
            }
          }
          if (end < len && StringPrototypeCharCodeAt(input, end) === 0x40) {
            const buffer = StringPrototypeSlice(input, start, end);
            // "If atSignSeen is true, then prepend "%40" to buffer."
            const prefix = atSignSeen ? '%40' : '';
            atSignSeen = true;
            const colon = passwordTokenSeen ? -1 : StringPrototypeIndexOf(buffer, ':');
            if (passwordTokenSeen) {
              url.password += prefix + percentEncode(buffer, kUserinfoSet);
            } else if (colon === -1) {
              url.username += prefix + percentEncode(buffer, kUserinfoSet);
            } else {
              passwordTokenSeen = true;
              url.username +=
                prefix + percentEncode(StringPrototypeSlice(buffer, 0, colon), kUserinfoSet);
              url.password +=
                percentEncode(StringPrototypeSlice(buffer, colon + 1), kUserinfoSet);
            }
            start = end + 1;
            continue;
          }
          if (atSignSeen && end === start) return null;  // host-missing
          // "Decrease pointer by buffer's code point length + 1": the host state rereads it.
          pointer = start - 1;
          state = kHost;
          break;
        }
        break;
      }

      case kHost:
      case kHostname: {
        if (stateOverride && url.scheme === 'file') {
          pointer--;
          state = kFileHost;
          break;
        }
        // The buffer runs to a ":" outside brackets or the end of the authority.
        const start = pointer;
        let end = pointer;
        for (; end < len; end++) {
          const d = StringPrototypeCharCodeAt(input, end);
          if (d === 0x3a && !insideBrackets) break;
          if (d === 0x2f || d === 0x3f || d === 0x23 || (special && d === 0x5c)) break;
          if (d === 0x5b) insideBrackets = true;
          else if (d === 0x5d) insideBrackets = false;
        }
        const buffer = StringPrototypeSlice(input, start, end);
        if (end < len && StringPrototypeCharCodeAt(input, end) === 0x3a) {
          pointer = end;
          if (buffer === '') return null;  // host-missing
          if (stateOverride === kHostname) return null;
          const host = parseHost(buffer, !special);
          if (host === null) return null;
          url.host = host;
          state = kPort;
          break;
        }
        pointer = end - 1;  // the terminator is read again by the path start state
        if (special && buffer === '') return null;  // host-missing
        if (stateOverride && buffer === '' && (includesCredentials(url) || url.port !== null)) {
          return null;
        }
        // A non-special URL's empty buffer is an empty opaque host.
        const host = buffer === '' ? '' : parseHost(buffer, !special);
        if (host === null) return null;
        url.host = host;
        state = kPathStart;
        if (stateOverride) return url;
        break;
      }

      case kPort: {
        const start = pointer;
        while (isAsciiDigit(c)) c = codeAt(input, ++pointer, len);
        if (c === EOF || c === 0x2f || c === 0x3f || c === 0x23 || (special && c === 0x5c) ||
            stateOverride) {
          if (pointer > start) {
            let port = 0;
            for (let i = start; i < pointer; i++) {
              port = port * 10 + (StringPrototypeCharCodeAt(input, i) - 0x30);
              if (port > 65535) return null;  // port-out-of-range
            }
            url.port = port === defaultPort(url.scheme) ? null : port;
          }
          if (stateOverride) return url;
          state = kPathStart;
          pointer--;
        } else {
          return null;  // port-invalid
        }
        break;
      }

      case kFile:
        url.scheme = 'file';
        special = true;
        url.host = '';
        if (c === 0x2f || c === 0x5c) {
          state = kFileSlash;
        } else if (base !== null && base.scheme === 'file') {
          url.host = base.host;
          url.path = ArrayPrototypeSlice(base.path);
          url.query = base.query;
          if (c === 0x3f) {
            url.query = '';
            state = kQuery;
          } else if (c === 0x23) {
            url.fragment = '';
            state = kFragment;
          } else if (c !== EOF) {
            url.query = null;
            if (!startsWithWindowsDriveLetter(input, pointer)) shortenPath(url);
            else url.path = [];
            state = kPath;
            pointer--;
          }
        } else {
          state = kPath;
          pointer--;
        }
        break;

      case kFileSlash:
        if (c === 0x2f || c === 0x5c) {
          state = kFileHost;
        } else {
          if (base !== null && base.scheme === 'file') {
            url.host = base.host;
            if (!startsWithWindowsDriveLetter(input, pointer) && base.path.length > 0 &&
                isNormalizedWindowsDriveLetter(base.path[0])) {
              ArrayPrototypePush(url.path, base.path[0]);
            }
          }
          state = kPath;
          pointer--;
        }
        break;

      case kFileHost:
        if (c === EOF || c === 0x2f || c === 0x5c || c === 0x3f || c === 0x23) {
          const buffer = bufStart < 0 ? '' : StringPrototypeSlice(input, bufStart, pointer);
          pointer--;
          if (!stateOverride && isWindowsDriveLetter(buffer)) {
            // The Windows drive letter quirk: the buffer is kept for the path state.
            state = kPath;
          } else if (buffer === '') {
            url.host = '';
            if (stateOverride) return url;
            state = kPathStart;
          } else {
            let host = parseHost(buffer, !special);
            if (host === null) return null;
            if (host === 'localhost') host = '';
            url.host = host;
            if (stateOverride) return url;
            bufStart = -1;
            state = kPathStart;
          }
        } else if (bufStart < 0) {
          bufStart = pointer;
        }
        break;

      case kPathStart:
        if (special) {
          state = kPath;
          if (c !== 0x2f && c !== 0x5c) pointer--;
        } else if (!stateOverride && c === 0x3f) {
          url.query = '';
          state = kQuery;
        } else if (!stateOverride && c === 0x23) {
          url.fragment = '';
          state = kFragment;
        } else if (c !== EOF) {
          state = kPath;
          if (c !== 0x2f) pointer--;
        } else if (stateOverride && url.host === null) {
          ArrayPrototypePush(url.path, '');
        }
        break;

      case kPath: {
        // One segment at a time: the buffer runs to the next "/" (or "\" if special), or to
        // "?" or "#" unless a setter is parsing a path.
        const start = bufStart < 0 ? pointer : bufStart;
        let end = pointer;
        for (; end < len; end++) {
          const d = StringPrototypeCharCodeAt(input, end);
          if (d === 0x2f || (special && d === 0x5c) ||
              (!stateOverride && (d === 0x3f || d === 0x23))) {
            break;
          }
        }
        pointer = end;
        c = codeAt(input, end, len);
        bufStart = -1;
        // The buffer would hold the percent-encoded code points; dots, "%", drive letters and
        // "|" are not in the path percent-encode set, so the checks can look at the raw text.
        const raw = StringPrototypeSlice(input, start, end);
        const slash = c === 0x2f || (special && c === 0x5c);
        if (isDoubleDot(raw)) {
          shortenPath(url);
          if (!slash) ArrayPrototypePush(url.path, '');
        } else if (isSingleDot(raw)) {
          if (!slash) ArrayPrototypePush(url.path, '');
        } else if (url.scheme === 'file' && url.path.length === 0 && isWindowsDriveLetter(raw)) {
          ArrayPrototypePush(url.path, raw[0] + ':');
        } else {
          ArrayPrototypePush(url.path, percentEncode(raw, kPathSet));
        }
        if (c === 0x3f) {
          url.query = '';
          state = kQuery;
        } else if (c === 0x23) {
          url.fragment = '';
          state = kFragment;
        }
        break;
      }

      case kOpaquePath: {
        let end = pointer;
        for (; end < len; end++) {
          const d = StringPrototypeCharCodeAt(input, end);
          if (d === 0x3f || d === 0x23) break;
        }
        if (end > pointer) {
          url.path += percentEncode(StringPrototypeSlice(input, pointer, end), kC0ControlSet);
        }
        pointer = end;
        c = codeAt(input, end, len);
        if (c === 0x3f) {
          url.query = '';
          state = kQuery;
        } else if (c === 0x23) {
          url.fragment = '';
          state = kFragment;
        }
        break;
      }

      case kQuery: {
        let end = stateOverride ? -1 : StringPrototypeIndexOf(input, '#', pointer);
        if (end === -1) end = len;
        if (end > pointer) {
          url.query += percentEncode(StringPrototypeSlice(input, pointer, end),
            special ? kSpecialQuerySet : kQuerySet);
        }
        pointer = end;
        if (end < len) {
          url.fragment = '';
          state = kFragment;
        }
        break;
      }

      case kFragment:
        if (c !== EOF) {
          url.fragment += percentEncode(StringPrototypeSlice(input, pointer), kFragmentSet);
          pointer = len;
        }
        break;
    }
    if (pointer >= len) break;
  }
  return url;
}

// ---------------------------------------------------------------------------------------------
// Serializers

// https://url.spec.whatwg.org/#url-path-serializer
function serializePath(url) {
  const path = url.path;
  if (typeof path === 'string') return path;
  let out = '';
  for (let i = 0; i < path.length; i++) out += '/' + path[i];
  return out;
}

// https://url.spec.whatwg.org/#concept-url-serializer
function serializeURL(url, excludeFragment = false) {
  let out = url.scheme + ':';
  if (url.host !== null) {
    out += '//';
    if (url.username !== '' || url.password !== '') {
      out += url.username;
      if (url.password !== '') out += ':' + url.password;
      out += '@';
    }
    out += url.host;
    if (url.port !== null) out += ':' + url.port;
  } else if (typeof url.path !== 'string' && url.path.length > 1 && url.path[0] === '') {
    out += '/.';
  }
  out += serializePath(url);
  if (url.query !== null) out += '?' + url.query;
  if (!excludeFragment && url.fragment !== null) out += '#' + url.fragment;
  return out;
}

// https://url.spec.whatwg.org/#concept-url-origin, serialized
// (https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin).
// Opaque origins serialize as "null".
function serializeOrigin(url) {
  switch (url.scheme) {
    case 'blob': {
      // No blob URL store: the origin comes from the path, if it is an http(s) URL.
      const pathURL = basicURLParse(serializePath(url), null, null, 0);
      if (pathURL !== null && (pathURL.scheme === 'http' || pathURL.scheme === 'https')) {
        return serializeOrigin(pathURL);
      }
      return 'null';
    }
    case 'ftp': case 'http': case 'https': case 'ws': case 'wss':
      return url.scheme + '://' + url.host + (url.port === null ? '' : ':' + url.port);
    default:
      return 'null';
  }
}

// https://url.spec.whatwg.org/#potentially-strip-trailing-spaces-from-an-opaque-path
function stripTrailingSpacesFromOpaquePath(url) {
  if (!hasOpaquePath(url) || url.fragment !== null || url.query !== null) return;
  let end = url.path.length;
  while (end > 0 && StringPrototypeCharCodeAt(url.path, end - 1) === 0x20) end--;
  url.path = StringPrototypeSlice(url.path, 0, end);
}

// ---------------------------------------------------------------------------------------------
// application/x-www-form-urlencoded
// (https://url.spec.whatwg.org/#application/x-www-form-urlencoded)

// https://url.spec.whatwg.org/#concept-urlencoded-parser (on a string: the caller's bytes are
// its UTF-8 encoding). Returns an array of [name, value] pairs.
function parseFormURLEncoded(input) {
  const list = [];
  const len = input.length;
  let start = 0;
  let eq = -2;  // the next "=" at or after `start`, -1 if none: each "=" is searched for once
  while (start < len) {
    let amp = StringPrototypeIndexOf(input, '&', start);
    if (amp === -1) amp = len;
    if (amp > start) {
      if (eq !== -1 && eq < start) eq = StringPrototypeIndexOf(input, '=', start);
      let name;
      let value = '';
      if (eq === -1 || eq > amp) {
        name = StringPrototypeSlice(input, start, amp);
      } else {
        name = StringPrototypeSlice(input, start, eq);
        value = StringPrototypeSlice(input, eq + 1, amp);
      }
      ArrayPrototypePush(list, [percentDecode(name, true), percentDecode(value, true)]);
    }
    start = amp + 1;
  }
  return list;
}

// https://url.spec.whatwg.org/#concept-urlencoded-serializer
function serializeFormURLEncoded(list) {
  let out = '';
  for (let i = 0; i < list.length; i++) {
    if (i > 0) out += '&';
    out += percentEncode(list[i][0], kFormSet, true) + '=' +
      percentEncode(list[i][1], kFormSet, true);
  }
  return out;
}

internals.urlParser = {
  URLRecord,
  basicURLParse,
  cannotHaveUsernamePasswordPort,
  defaultPort,
  hasOpaquePath,
  isSpecialScheme,
  parseFormURLEncoded,
  percentEncode,
  kUserinfoSet,
  serializeFormURLEncoded,
  serializeOrigin,
  serializePath,
  serializeURL,
  stripTrailingSpacesFromOpaquePath,
  states: { kSchemeStart, kAuthority, kHost, kHostname, kPort, kPathStart, kQuery, kFragment },
};
