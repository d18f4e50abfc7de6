'use strict';
// multipart/form-data (RFC 7578) for FormData bodies, as Workers does it (workerd
// api/form-data.c++): `new Response(formData)` serializes the entries, `body.formData()` parses
// multipart/form-data and application/x-www-form-urlencoded bodies.
//
// The parser works on bytes and runs in linear time (see findDelimiter): a delimiter is
// LF "--" boundary, and a boundary cannot hold a line feed (it comes from a header value). Like
// workerd it accepts LF where RFC 2046 asks for CRLF.
// Where workerd would reject valid input it is more lenient: parameter values may be tokens or
// empty quoted strings, and parameter names and the disposition type are case-insensitive.

const {
  Int32Array,
  RegExpPrototypeExec,
  SafeMap,
  StringPrototypeCharCodeAt,
  StringPrototypeIndexOf,
  StringPrototypeSlice,
  StringPrototypeToLowerCase,
  TypedArrayPrototypeFill,
  TypedArrayPrototypeGetLength,
  TypedArrayPrototypeIndexOf,
  TypedArrayPrototypeSet,
  TypedArrayPrototypeSlice,
  TypedArrayPrototypeSubarray,
  Uint8Array,
} = primordials;
const { makeTypeError } = internals;
const { encodeUtf8, decodeUtf8 } = ops;

const kLF = 0x0a;
const kCR = 0x0d;
const kDash = 0x2d;
const kToken = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const kQuotedStringCodePoints = /^[\t\x20-\x7e\x80-\xff]*$/;

const kUnrecognizedType = 'Unrecognized Content-Type header value. FormData can only parse ' +
  'the following MIME types: multipart/form-data, application/x-www-form-urlencoded';
const kNoBoundary = 'No boundary string in Content-Type header. The multipart/form-data MIME ' +
  "type requires a boundary parameter, e.g. 'Content-Type: multipart/form-data; " +
  "boundary=\"abcd\"'. See RFC 7578, section 4.";

const isHTTPWhitespace = (c) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isTabOrSpace = (c) => c === 0x20 || c === 0x09;
const isToken = (s) => RegExpPrototypeExec(kToken, s) !== null;

// MIME Sniffing §4.4 "parse a MIME type": { essence, params } or null. Parameter names are
// lower-cased, the first of a repeated name wins, quoted values are unescaped.
function parseMimeType(input) {
  let start = 0;
  let end = input.length;
  while (start < end && isHTTPWhitespace(StringPrototypeCharCodeAt(input, start))) start++;
  while (end > start && isHTTPWhitespace(StringPrototypeCharCodeAt(input, end - 1))) end--;
  const s = StringPrototypeSlice(input, start, end);
  const slash = StringPrototypeIndexOf(s, '/');
  if (slash <= 0 || !isToken(StringPrototypeSlice(s, 0, slash))) return null;
  let pos = StringPrototypeIndexOf(s, ';', slash);
  if (pos === -1) pos = s.length;
  let subtypeEnd = pos;
  while (subtypeEnd > slash + 1 && isHTTPWhitespace(StringPrototypeCharCodeAt(s, subtypeEnd - 1))) {
    subtypeEnd--;
  }
  const subtype = StringPrototypeSlice(s, slash + 1, subtypeEnd);
  if (subtype === '' || !isToken(subtype)) return null;
  const essence = StringPrototypeToLowerCase(StringPrototypeSlice(s, 0, slash) + '/' + subtype);
  const params = new SafeMap();
  const len = s.length;
  while (pos < len) {
    pos++;  // the ';'
    while (pos < len && isHTTPWhitespace(StringPrototypeCharCodeAt(s, pos))) pos++;
    const nameStart = pos;
    while (pos < len && s[pos] !== ';' && s[pos] !== '=') pos++;
    const name = StringPrototypeToLowerCase(StringPrototypeSlice(s, nameStart, pos));
    if (pos < len && s[pos] === ';') continue;
    pos++;  // the '='
    if (pos >= len) break;
    let value;
    if (s[pos] === '"') {
      // Fetch §2.2 "collect an HTTP quoted string", extracting the value.
      value = '';
      pos++;
      while (pos < len) {
        const c = s[pos++];
        if (c === '"') break;
        if (c === '\\') {
          if (pos >= len) {
            value += '\\';
            break;
          }
          value += s[pos++];
        } else {
          value += c;
        }
      }
      while (pos < len && s[pos] !== ';') pos++;
    } else {
      const valueStart = pos;
      while (pos < len && s[pos] !== ';') pos++;
      let valueEnd = pos;
      while (valueEnd > valueStart && isHTTPWhitespace(StringPrototypeCharCodeAt(s, valueEnd - 1))) {
        valueEnd--;
      }
      value = StringPrototypeSlice(s, valueStart, valueEnd);
      if (value === '') continue;
    }
    if (name !== '' && isToken(name) && RegExpPrototypeExec(kQuotedStringCodePoints, value) !== null &&
        !params.has(name)) {
      params.set(name, value);
    }
  }
  return { essence, params };
}

// ---------------------------------------------------------------------------------------------
// Serializing (workerd FormData::serialize)

// A name or filename inside a quoted Content-Disposition parameter: '"' and LF become %22 and
// %0A as Chrome writes them, CR becomes %0D (HTML "multipart/form-data encoding algorithm"), and
// '\' is escaped so the parser's "\c means c" reads it back.
function escapeQuoted(value) {
  if (value.length > 0 && value[value.length - 1] === '\\') {
    throw makeTypeError("Name or filename can't end with backslash");
  }
  let out = '';
  let last = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    const escaped = c === '"' ? '%22' : c === '\n' ? '%0A' : c === '\r' ? '%0D'
      : c === '\\' ? '\\\\' : undefined;
    if (escaped === undefined) continue;
    out += StringPrototypeSlice(value, last, i) + escaped;
    last = i + 1;
  }
  return out + StringPrototypeSlice(value, last);
}

// The multipart/form-data body of a FormData's entries, all in one Uint8Array.
function serializeMultipart(entries, boundary) {
  const pieces = [];
  let total = 0;
  const add = (bytes) => {
    pieces[pieces.length] = bytes;
    total += TypedArrayPrototypeGetLength(bytes);
  };
  let head = '';
  for (let i = 0; i < entries.length; i++) {
    const name = entries[i][0];
    const value = entries[i][1];
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(name)}"`;
    if (typeof value === 'string') {
      add(encodeUtf8(`${head}\r\n\r\n${value}`));
    } else {
      const type = internals.blobType(value);
      add(encodeUtf8(`${head}; filename="${escapeQuoted(internals.fileName(value))}"\r\n` +
        `Content-Type: ${type === '' ? 'application/octet-stream' : type}\r\n\r\n`));
      add(internals.blobBytes(value));
    }
    head = '\r\n';
  }
  add(encodeUtf8(`${head}--${boundary}--`));
  const out = new Uint8Array(total);
  let offset = 0;
  for (let i = 0; i < pieces.length; i++) {
    TypedArrayPrototypeSet(out, pieces[i], offset);
    offset += TypedArrayPrototypeGetLength(pieces[i]);
  }
  return out;
}

// 16 random bytes in hex, as workerd's makeRandomBoundaryCharacters.
const kHexDigits = '0123456789abcdef';
function randomBoundary() {
  const bytes = new Uint8Array(16);
  ops.randomFill(bytes);
  let out = '';
  for (let i = 0; i < 16; i++) out += kHexDigits[bytes[i] >> 4] + kHexDigits[bytes[i] & 15];
  return out;
}

// ---------------------------------------------------------------------------------------------
// Parsing (workerd parseFormData)

function startsWithAt(bytes, pos, pattern) {
  const n = TypedArrayPrototypeGetLength(pattern);
  if (pos + n > TypedArrayPrototypeGetLength(bytes)) return false;
  for (let i = 0; i < n; i++) if (bytes[pos + i] !== pattern[i]) return false;
  return true;
}

// Boyer-Moore-Horspool shifts for `delimiter`: how far the window may move when its last byte
// is c.
function horspoolShifts(delimiter) {
  const length = TypedArrayPrototypeGetLength(delimiter);
  const shifts = new Int32Array(256);
  TypedArrayPrototypeFill(shifts, length);
  for (let j = 0; j < length - 1; j++) shifts[delimiter[j]] = length - 1 - j;
  return shifts;
}

// The index of the next `delimiter` (LF "--" boundary) at or after `from`, or -1. Horspool's
// shifts skip most windows; a window is compared only where it starts at a line feed, and the
// bytes it then matches hold no line feed, so no window starting among them is compared again:
// each byte is compared at most once (linear time whatever the input and boundary).
function findDelimiter(bytes, from, delimiter, shifts) {
  const length = TypedArrayPrototypeGetLength(delimiter);
  const lastStart = TypedArrayPrototypeGetLength(bytes) - length;
  for (let i = from; i <= lastStart; i += shifts[bytes[i + length - 1]]) {
    if (bytes[i] === kLF && startsWithAt(bytes, i, delimiter)) return i;
  }
  return -1;
}

// Content-Disposition (RFC 7578 §4.2, RFC 6266 §4.1): { type, params } or null when it does
// not start with a token. Parameters are read up to the first malformed one, as workerd does;
// a quoted value reads "\c" as c (Chrome).
function parseContentDisposition(value) {
  const len = value.length;
  let pos = 0;
  const skipSpace = () => {
    while (pos < len && isTabOrSpace(StringPrototypeCharCodeAt(value, pos))) pos++;
  };
  const token = () => {
    const start = pos;
    while (pos < len && isToken(value[pos])) pos++;
    return StringPrototypeSlice(value, start, pos);
  };
  skipSpace();
  const type = token();
  if (type === '') return null;
  const params = new SafeMap();
  skipSpace();
  while (pos < len && value[pos] === ';') {
    pos++;
    skipSpace();
    const name = StringPrototypeToLowerCase(token());
    skipSpace();
    if (name === '' || value[pos] !== '=') break;
    pos++;
    skipSpace();
    let paramValue;
    if (value[pos] === '"') {
      paramValue = '';
      pos++;
      while (pos < len && value[pos] !== '"') {
        if (value[pos] === '\\' && pos + 1 < len) pos++;
        paramValue += value[pos++];
      }
      if (pos >= len) break;
      pos++;
    } else {
      paramValue = token();
      if (paramValue === '') break;
    }
    skipSpace();
    params.set(name, paramValue);
  }
  return { type: StringPrototypeToLowerCase(type), params };
}

// Header lines of one part (RFC 7578 §4.8): Content-Disposition and Content-Type, or a
// TypeError with workerd's message.
function parsePartHeaders(text) {
  let disposition;
  let contentType;
  let start = 0;
  while (start < text.length) {
    let end = StringPrototypeIndexOf(text, '\n', start);
    if (end === -1) end = text.length;
    const line = StringPrototypeSlice(text, start,
      end > start && text[end - 1] === '\r' ? end - 1 : end);
    start = end + 1;
    if (line === '') continue;
    const colon = StringPrototypeIndexOf(line, ':');
    const name = colon === -1 ? '' : StringPrototypeToLowerCase(StringPrototypeSlice(line, 0, colon));
    if (!isToken(name)) throw makeTypeError('FormData part had invalid headers.');
    let valueStart = colon + 1;
    let valueEnd = line.length;
    while (valueStart < valueEnd && isTabOrSpace(StringPrototypeCharCodeAt(line, valueStart))) {
      valueStart++;
    }
    while (valueEnd > valueStart && isTabOrSpace(StringPrototypeCharCodeAt(line, valueEnd - 1))) {
      valueEnd--;
    }
    const value = StringPrototypeSlice(line, valueStart, valueEnd);
    if (name === 'content-disposition') disposition ??= value;
    else if (name === 'content-type') contentType ??= value;
  }
  return { disposition, contentType };
}

// The entries of a multipart/form-data body (RFC 7578; RFC 2046 §5.1.1 for the framing):
// preamble and epilogue are skipped, a part with a filename becomes a File (bytes and
// Content-Type as sent), any other part a UTF-8 decoded string.
function parseMultipart(bytes, boundary) {
  const length = TypedArrayPrototypeGetLength(bytes);
  const delimiter = encodeUtf8(`\n--${boundary}`);
  const delimiterLength = TypedArrayPrototypeGetLength(delimiter);
  const shifts = horspoolShifts(delimiter);
  // The first boundary needs no line break before it when it opens the body.
  let pos;
  if (startsWithAt(bytes, 0, TypedArrayPrototypeSlice(delimiter, 1))) {
    pos = delimiterLength - 1;
  } else {
    const found = findDelimiter(bytes, 0, delimiter, shifts);
    if (found === -1) {
      throw makeTypeError('No initial boundary string (or you have a truncated message).');
    }
    pos = found + delimiterLength;
  }
  const entries = [];
  for (;;) {
    // After a boundary: CRLF or LF and the next part, or "--" and the end.
    if (bytes[pos] === kLF) {
      pos += 1;
    } else if (bytes[pos] === kCR && bytes[pos + 1] === kLF) {
      pos += 2;
    } else if (bytes[pos] === kDash && bytes[pos + 1] === kDash) {
      return entries;
    } else {
      throw makeTypeError("Boundary string was not succeeded by CRLF, LF, or '--'.");
    }
    // The headers end at the first empty line.
    let headersEnd = -1;
    let lineStart = pos;
    while (lineStart < length) {
      const lf = TypedArrayPrototypeIndexOf(bytes, kLF, lineStart);
      if (lf === -1) break;
      if (lf === lineStart || (lf === lineStart + 1 && bytes[lineStart] === kCR)) {
        headersEnd = lf + 1;
        break;
      }
      lineStart = lf + 1;
    }
    if (headersEnd === -1) throw makeTypeError('No multipart message header termination found.');
    const headers = parsePartHeaders(decodeUtf8(TypedArrayPrototypeSubarray(bytes, pos, headersEnd), false));
    if (headers.disposition === undefined) {
      throw makeTypeError('No valid Content-Disposition header found in FormData part.');
    }
    const disposition = parseContentDisposition(headers.disposition);
    if (disposition === null) {
      throw makeTypeError('Invalid Content-Disposition header found in FormData part.');
    }
    if (disposition.type !== 'form-data') {
      throw makeTypeError('Content-Disposition header for FormData part must have the value ' +
        `"form-data", possibly followed by parameters. Got: "${disposition.type}"`);
    }
    const name = disposition.params.get('name');
    if (name === undefined) {
      throw makeTypeError('Content-Disposition header in FormData part is missing a name.');
    }
    const next = findDelimiter(bytes, headersEnd, delimiter, shifts);
    if (next === -1) throw makeTypeError('No subsequent boundary string after multipart message.');
    // The CR of the delimiter's CRLF is not content.
    const contentEnd = next > headersEnd && bytes[next - 1] === kCR ? next - 1 : next;
    const filename = disposition.params.get('filename');
    if (filename === undefined) {
      entries[entries.length] = [name, decodeUtf8(TypedArrayPrototypeSubarray(bytes, headersEnd, contentEnd), false)];
    } else {
      // A copy: the body's bytes may be shared with a clone of the Request or Response.
      const content = TypedArrayPrototypeSlice(bytes, headersEnd, contentEnd);
      entries[entries.length] = [name, internals.newFile(content, filename,
        headers.contentType ?? '')];
    }
    pos = next + delimiterLength;
  }
}

// Fetch §5 "package data" for FormData: the entries of `bytes` by the body's Content-Type.
// application/x-www-form-urlencoded is always read as UTF-8, as the URL Standard says (workerd
// rejects other charset parameters).
function parseFormDataBody(bytes, contentType) {
  const type = parseMimeType(contentType);
  if (type !== null && type.essence === 'multipart/form-data') {
    const boundary = type.params.get('boundary');
    if (boundary === undefined || boundary === '') throw makeTypeError(kNoBoundary);
    return internals.formDataFromEntries(parseMultipart(bytes, boundary));
  }
  if (type !== null && type.essence === 'application/x-www-form-urlencoded') {
    return internals.formDataFromEntries(internals.parseFormURLEncoded(decodeUtf8(bytes, false)));
  }
  throw makeTypeError(kUnrecognizedType);
}

// Body.formData(): checks as workerd does (a used body, then a missing Content-Type) before
// reading; a null body parses as empty.
internals.parseFormData = async (owner, contentType) => {
  const body = internals.bodyOf(owner);
  if (body !== null && (body.disturbed || body.locked)) {
    throw makeTypeError(internals.kBodyUsedMessage);
  }
  if (contentType === null) {
    throw makeTypeError('Parsing a Body as FormData requires a Content-Type header.');
  }
  const bytes = body === null ? new Uint8Array(0) : (await body.readAll()).bytes;
  return parseFormDataBody(bytes, contentType);
};

// Fetch §5 "extract a body" for FormData: the multipart/form-data encoding, in one piece.
internals.bodyExtractors[internals.bodyExtractors.length] = (object) => {
  if (!internals.isFormData(object)) return undefined;
  const boundary = randomBoundary();
  const bytes = serializeMultipart(internals.formDataEntries(object), boundary);
  return {
    body: new internals.BodyState(bytes, null, TypedArrayPrototypeGetLength(bytes)),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
};
