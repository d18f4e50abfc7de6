'use strict';
// node:querystring: parse/stringify (decode/encode), escape/unescape. Unlike URLSearchParams,
// repeated keys become arrays, '+' decodes to a space and malformed %-escapes stay as they are.

const { ObjectKeys, ArrayIsArray, ArrayPrototypeJoin, NumberIsFinite, StringPrototypeSplit } = primordials;

// Characters Node leaves unescaped: A-Z a-z 0-9 - . _ ~ ! ' ( ) *
const kUnreserved = /[A-Za-z0-9\-._~!'()*]/;

function escape(str) {
  if (typeof str !== 'string') {
    if (typeof str === 'object') str = String(str);
    else str += '';
  }
  let out = '';
  const bytes = internals.bufferCodecs.encodeString(str, 'utf8');
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    const ch = String.fromCharCode(c);
    out += c < 0x80 && kUnreserved.test(ch) ? ch : `%${c < 16 ? '0' : ''}${c.toString(16).toUpperCase()}`;
  }
  return out;
}

// Decodes %XX runs as UTF-8; a malformed escape is kept literally.
function unescape(str, decodeSpaces) {
  try {
    return decodeURIComponent(str);
  } catch {
    return unescapeBuffer(str, decodeSpaces).toString();
  }
}
function unescapeBuffer(s, decodeSpaces) {
  const out = new Uint8Array(internals.bufferCodecs.byteLengthOf(s, 'utf8'));
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2B && decodeSpaces) {
      out[o++] = 0x20;
    } else if (c === 0x25 && i + 2 < s.length + 0 && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      out[o++] = parseInt(s.slice(i + 1, i + 3), 16);
      i += 2;
    } else {
      const bytes = internals.bufferCodecs.encodeString(s[i], 'utf8');
      for (const b of bytes) out[o++] = b;
    }
  }
  return internals.Buffer.from(out.buffer, 0, o);
}

function stringifyPrimitive(v) {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && NumberIsFinite(v)) return '' + v;
  if (typeof v === 'bigint') return '' + v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return '';
}

function stringify(obj, sep = '&', eq = '=', options = undefined) {
  const encode = typeof options?.encodeURIComponent === 'function' ? options.encodeURIComponent : escape;
  if (obj === null || typeof obj !== 'object') return '';
  const fields = [];
  for (const key of ObjectKeys(obj)) {
    const value = obj[key];
    const ks = encode(stringifyPrimitive(key)) + eq;
    if (ArrayIsArray(value)) {
      for (const item of value) fields.push(ks + encode(stringifyPrimitive(item)));
    } else {
      fields.push(ks + encode(stringifyPrimitive(value)));
    }
  }
  return ArrayPrototypeJoin(fields, sep);
}

function parse(qs, sep = '&', eq = '=', options = undefined) {
  const result = { __proto__: null };
  if (typeof qs !== 'string' || qs.length === 0) return result;
  const maxKeys = typeof options?.maxKeys === 'number' ? options.maxKeys : 1000;
  const decode = typeof options?.decodeURIComponent === 'function'
    ? options.decodeURIComponent : (s) => unescape(s, true);
  let pairs = StringPrototypeSplit(qs, sep || '&');
  if (maxKeys > 0 && pairs.length > maxKeys) pairs = pairs.slice(0, maxKeys);
  for (const pair of pairs) {
    if (pair.length === 0) continue;
    const at = pair.indexOf(eq || '=');
    const rawKey = at >= 0 ? pair.slice(0, at) : pair;
    const rawValue = at >= 0 ? pair.slice(at + (eq || '=').length) : '';
    const plus = (s) => (decode === unescape || !options?.decodeURIComponent ? s.replace(/\+/g, ' ') : s);
    const key = safeDecode(decode, plus(rawKey));
    const value = safeDecode(decode, plus(rawValue));
    if (!(key in result)) result[key] = value;
    else if (ArrayIsArray(result[key])) result[key].push(value);
    else result[key] = [result[key], value];
  }
  return result;
}
function safeDecode(decode, s) {
  try {
    return decode(s);
  } catch {
    return unescape(s, true);
  }
}

const querystring = {
  parse, stringify, escape, unescape, unescapeBuffer, decode: parse, encode: stringify,
};
internals.nodeQuerystring = querystring;
internals.defineNodeModule('querystring', querystring);
