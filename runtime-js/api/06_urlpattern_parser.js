'use strict';
// Pattern strings of the URL Pattern Standard
// (https://urlpattern.spec.whatwg.org/#pattern-strings): the tokenizer, the pattern parser
// that turns a component's pattern string into a part list, and the two generators that turn
// a part list back into a regular expression and into the canonical pattern string.
// 06_urlpattern_init.js canonicalizes components and parses constructor strings on top of
// this; 06_urlpattern.js is the URLPattern class.
//
// Strings are walked in UTF-16 code units while the spec counts code points: every index is
// only used to cut substrings, so both give the same pieces, and a code point is read whole
// (codePointAt) wherever the spec looks at one.
//
// Regular expressions use the 'u' flag where the spec says 'v', which V8 10.2 does not have:
// 06_urlpattern_regexp.js first rewrites the 'v' syntax of character classes into 'u' syntax.

const {
  ArrayPrototypePush,
  RegExp: RegExpCtor,
  RegExpPrototypeExec,
  StringFromCodePoint,
  StringPrototypeCharCodeAt,
  StringPrototypeCodePointAt,
  StringPrototypeSlice,
} = primordials;

// Thrown by every step the spec says "throw a TypeError"; 06_urlpattern.js turns it into the
// TypeError Workers throws (its messages do not say which rule was broken).
class URLPatternError extends primordials.Error {}
const fail = (reason) => {
  throw new URLPatternError(reason);
};
const { unicodeSetsToUnicode } = internals;

// ---------------------------------------------------------------------------------------------
// Tokens (https://urlpattern.spec.whatwg.org/#tokens)

const kOpen = 0;
const kClose = 1;
const kRegexp = 2;
const kName = 3;
const kChar = 4;
const kEscapedChar = 5;
const kOtherModifier = 6;
const kAsterisk = 7;
const kEnd = 8;
const kInvalidChar = 9;

// IdentifierStart and IdentifierPart of ECMAScript.
const kIdentifierStart = /^[$_\p{ID_Start}]$/u;
const kIdentifierPart = /^[$_\u200C\u200D\p{ID_Continue}]$/u;

// https://urlpattern.spec.whatwg.org/#is-a-valid-name-code-point
function isValidNameCodePoint(codePoint, first) {
  return RegExpPrototypeExec(first ? kIdentifierStart : kIdentifierPart,
    StringFromCodePoint(codePoint)) !== null;
}

const codeUnits = (codePoint) => (codePoint > 0xffff ? 2 : 1);

// https://urlpattern.spec.whatwg.org/#tokenize. `lenient` is the "lenient" tokenize policy:
// errors become invalid-char tokens instead of throwing. Tokens are { type, index, value }.
function tokenize(input, lenient) {
  const tokens = [];
  const len = input.length;
  let index = 0;
  const codePointAt = (i) => StringPrototypeCodePointAt(input, i);
  // "add a token": the value is input[valueStart, valueEnd), and the next token starts at
  // `next`; the value runs to `next` unless told otherwise ("with default length").
  const add = (type, next, valueStart, valueEnd = next) => {
    const value = StringPrototypeSlice(input, valueStart, valueEnd);
    ArrayPrototypePush(tokens, { type, index, value });
    index = next;
  };
  // https://urlpattern.spec.whatwg.org/#process-a-tokenizing-error
  const error = (next, valueStart) => {
    if (!lenient) fail('invalid pattern syntax');
    add(kInvalidChar, next, valueStart);
  };

  while (index < len) {
    const c = codePointAt(index);
    const next = index + codeUnits(c);
    if (c === 0x2a) {  // *
      add(kAsterisk, next, index);
    } else if (c === 0x2b || c === 0x3f) {  // + ?
      add(kOtherModifier, next, index);
    } else if (c === 0x5c) {  // \
      if (next === len) {
        error(next, index);
        continue;
      }
      const escapedEnd = next + codeUnits(codePointAt(next));
      add(kEscapedChar, escapedEnd, next);
    } else if (c === 0x7b) {  // {
      add(kOpen, next, index);
    } else if (c === 0x7d) {  // }
      add(kClose, next, index);
    } else if (c === 0x3a) {  // : followed by a name
      let namePosition = next;
      while (namePosition < len) {
        const d = codePointAt(namePosition);
        if (!isValidNameCodePoint(d, namePosition === next)) break;
        namePosition += codeUnits(d);
      }
      if (namePosition <= next) {
        error(next, index);
        continue;
      }
      add(kName, namePosition, next);
    } else if (c === 0x28) {  // ( a regular expression up to the matching )
      tokenizeRegexp(input, next, index, add, error);
    } else {
      add(kChar, next, index);
    }
  }
  add(kEnd, index, index);
  return tokens;
}

// The "(" branch of the tokenizer: `start` is just past the "(" at `open`.
function tokenizeRegexp(input, start, open, add, error) {
  const len = input.length;
  let depth = 1;
  let position = start;
  while (position < len) {
    const c = StringPrototypeCodePointAt(input, position);
    const next = position + codeUnits(c);
    // Only ASCII, and no "(?" group syntax right at the start.
    if (c > 0x7f || (position === start && c === 0x3f)) return error(start, open);
    if (c === 0x5c) {
      if (next === len) return error(start, open);
      const escaped = StringPrototypeCodePointAt(input, next);
      if (escaped > 0x7f) return error(start, open);
      position = next + 1;
      continue;
    }
    if (c === 0x29) {
      depth--;
      if (depth === 0) {
        position = next;
        break;
      }
    } else if (c === 0x28) {
      // A nested group must be non-capturing ("(?" ...): captures would shift the numbering.
      depth++;
      if (next === len) return error(start, open);
      if (StringPrototypeCharCodeAt(input, next) !== 0x3f) return error(start, open);
    }
    position = next;
  }
  if (depth !== 0) return error(start, open);
  // The value excludes the closing ")".
  if (position - start - 1 === 0) return error(start, open);
  add(kRegexp, position, start, position - 1);
}

// ---------------------------------------------------------------------------------------------
// Parts (https://urlpattern.spec.whatwg.org/#parts)

const kFixedText = 0;
const kRegexpPart = 1;
const kSegmentWildcard = 2;
const kFullWildcard = 3;

const kNone = '';
const kOptional = '?';
const kZeroOrMore = '*';
const kOneOrMore = '+';

// https://urlpattern.spec.whatwg.org/#full-wildcard-regexp-value
const kFullWildcardRegexp = '.*';

// Options (https://urlpattern.spec.whatwg.org/#options-header): `delimiter` and `prefix` are
// one ASCII character or ''.
const makeOptions = (delimiter, prefix, ignoreCase = false) => ({ delimiter, prefix, ignoreCase });
const kDefaultOptions = makeOptions('', '');
const kHostnameOptions = makeOptions('.', '');
const kPathnameOptions = makeOptions('/', '/');

// https://urlpattern.spec.whatwg.org/#escape-a-regexp-string
function escapeRegexpString(input) {
  let result = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === '.' || c === '+' || c === '*' || c === '?' || c === '^' || c === '$' ||
        c === '{' || c === '}' || c === '(' || c === ')' || c === '[' || c === ']' ||
        c === '|' || c === '/' || c === '\\') {
      result += '\\';
    }
    result += c;
  }
  return result;
}

// https://urlpattern.spec.whatwg.org/#escape-a-pattern-string
function escapePatternString(input) {
  let result = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === '+' || c === '*' || c === '?' || c === ':' || c === '{' || c === '}' ||
        c === '(' || c === ')' || c === '\\') {
      result += '\\';
    }
    result += c;
  }
  return result;
}

// https://urlpattern.spec.whatwg.org/#generate-a-segment-wildcard-regexp
const segmentWildcardRegexp = (options) => `[^${escapeRegexpString(options.delimiter)}]+?`;

// https://urlpattern.spec.whatwg.org/#parse-a-pattern-string. `encode` is the component's
// encoding callback (06_urlpattern_init.js); it throws URLPatternError on invalid text.
function parsePatternString(input, options, encode) {
  const tokens = tokenize(input, false);
  const segmentWildcard = segmentWildcardRegexp(options);
  const parts = [];
  let pendingFixedValue = '';
  let index = 0;
  let nextNumericName = 0;

  const tryConsume = (type) => {
    const token = tokens[index];
    if (token.type !== type) return null;
    index++;
    return token;
  };
  const tryConsumeModifier = () => tryConsume(kOtherModifier) ?? tryConsume(kAsterisk);
  const tryConsumeRegexpOrWildcard = (nameToken) => {
    const token = tryConsume(kRegexp);
    return token === null && nameToken === null ? tryConsume(kAsterisk) : token;
  };
  const consumeRequired = (type) => {
    if (tryConsume(type) === null) fail('unexpected token in pattern');
  };
  const consumeText = () => {
    let result = '';
    for (;;) {
      const token = tryConsume(kChar) ?? tryConsume(kEscapedChar);
      if (token === null) return result;
      result += token.value;
    }
  };
  const maybeAddPartFromPendingFixedValue = () => {
    if (pendingFixedValue === '') return;
    const value = encode(pendingFixedValue);
    pendingFixedValue = '';
    ArrayPrototypePush(parts, makePart(kFixedText, value, kNone));
  };
  const isDuplicateName = (name) => {
    for (let i = 0; i < parts.length; i++) {
      if (parts[i].name === name) return true;
    }
    return false;
  };

  // https://urlpattern.spec.whatwg.org/#add-a-part
  const addPart = (prefix, nameToken, regexpOrWildcardToken, suffix, modifierToken) => {
    const modifier = modifierToken === null ? kNone : modifierToken.value;
    if (nameToken === null && regexpOrWildcardToken === null && modifier === kNone) {
      // A "{foo}" grouping: plain text, merged with its neighbours.
      pendingFixedValue += prefix;
      return;
    }
    maybeAddPartFromPendingFixedValue();
    if (nameToken === null && regexpOrWildcardToken === null) {
      // A "{foo}?" grouping: text with a modifier, a part of its own.
      if (prefix === '') return;
      ArrayPrototypePush(parts, makePart(kFixedText, encode(prefix), modifier));
      return;
    }
    let regexpValue;
    if (regexpOrWildcardToken === null) regexpValue = segmentWildcard;
    else if (regexpOrWildcardToken.type === kAsterisk) regexpValue = kFullWildcardRegexp;
    else regexpValue = regexpOrWildcardToken.value;
    // A regexp spelled like a wildcard is that wildcard.
    let type = kRegexpPart;
    if (regexpValue === segmentWildcard) {
      type = kSegmentWildcard;
      regexpValue = '';
    } else if (regexpValue === kFullWildcardRegexp) {
      type = kFullWildcard;
      regexpValue = '';
    }
    let name;
    if (nameToken !== null) name = nameToken.value;
    else name = `${nextNumericName++}`;
    if (isDuplicateName(name)) fail(`duplicate group name "${name}"`);
    const part = makePart(type, regexpValue, modifier);
    part.name = name;
    part.prefix = encode(prefix);
    part.suffix = encode(suffix);
    ArrayPrototypePush(parts, part);
  };

  while (index < tokens.length) {
    // <prefix char><name><regexp><modifier>, any of them absent.
    const charToken = tryConsume(kChar);
    const nameToken = tryConsume(kName);
    const regexpOrWildcardToken = tryConsumeRegexpOrWildcard(nameToken);
    if (nameToken !== null || regexpOrWildcardToken !== null) {
      let prefix = charToken === null ? '' : charToken.value;
      if (prefix !== '' && prefix !== options.prefix) {
        pendingFixedValue += prefix;
        prefix = '';
      }
      maybeAddPartFromPendingFixedValue();
      addPart(prefix, nameToken, regexpOrWildcardToken, '', tryConsumeModifier());
      continue;
    }
    const fixedToken = charToken ?? tryConsume(kEscapedChar);
    if (fixedToken !== null) {
      pendingFixedValue += fixedToken.value;
      continue;
    }
    // <open><prefix text><name><regexp><suffix text><close><modifier>
    if (tryConsume(kOpen) !== null) {
      const prefix = consumeText();
      const groupName = tryConsume(kName);
      const groupRegexp = tryConsumeRegexpOrWildcard(groupName);
      const suffix = consumeText();
      consumeRequired(kClose);
      addPart(prefix, groupName, groupRegexp, suffix, tryConsumeModifier());
      continue;
    }
    maybeAddPartFromPendingFixedValue();
    consumeRequired(kEnd);
  }
  return parts;
}

const makePart = (type, value, modifier) =>
  ({ type, value, modifier, name: '', prefix: '', suffix: '' });

// ---------------------------------------------------------------------------------------------
// Part lists to regular expressions and back to pattern strings

// https://urlpattern.spec.whatwg.org/#generate-a-regular-expression-and-name-list
function generateRegexpAndNameList(parts, options) {
  let result = '^';
  const names = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part.type === kFixedText) {
      if (part.modifier === kNone) result += escapeRegexpString(part.value);
      else result += `(?:${escapeRegexpString(part.value)})${part.modifier}`;
      continue;
    }
    ArrayPrototypePush(names, part.name);
    let regexpValue = part.value;
    if (part.type === kSegmentWildcard) regexpValue = segmentWildcardRegexp(options);
    else if (part.type === kFullWildcard) regexpValue = kFullWildcardRegexp;
    const prefix = escapeRegexpString(part.prefix);
    const suffix = escapeRegexpString(part.suffix);
    const repeats = part.modifier === kZeroOrMore || part.modifier === kOneOrMore;
    if (prefix === '' && suffix === '') {
      if (!repeats) result += `(${regexpValue})${part.modifier}`;
      else result += `((?:${regexpValue})${part.modifier})`;
    } else if (!repeats) {
      result += `(?:${prefix}(${regexpValue})${suffix})${part.modifier}`;
    } else {
      // The prefix and suffix go between repetitions but not before the first or after the
      // last one.
      result += `(?:${prefix}((?:${regexpValue})(?:${suffix}${prefix}(?:${regexpValue}))*)` +
        `${suffix})`;
      if (part.modifier === kZeroOrMore) result += '?';
    }
  }
  return { source: result + '$', names };
}

const isAsciiDigit = (c) => c >= 0x30 && c <= 0x39;

// https://urlpattern.spec.whatwg.org/#generate-a-pattern-string
function generatePatternString(parts, options) {
  let result = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const previous = i > 0 ? parts[i - 1] : null;
    const next = i < parts.length - 1 ? parts[i + 1] : null;
    if (part.type === kFixedText) {
      if (part.modifier === kNone) result += escapePatternString(part.value);
      else result += `{${escapePatternString(part.value)}}${part.modifier}`;
      continue;
    }
    const customName = !isAsciiDigit(StringPrototypeCharCodeAt(part.name, 0));
    let needsGrouping = part.suffix !== '' ||
      (part.prefix !== '' && part.prefix !== options.prefix);
    // ":foo" followed by text that could continue the name, or by an unnamed group, needs
    // braces to keep the name from swallowing what follows.
    if (!needsGrouping && customName && part.type === kSegmentWildcard &&
        part.modifier === kNone && next !== null && next.prefix === '' && next.suffix === '') {
      if (next.type === kFixedText) {
        needsGrouping = next.value !== '' &&
          isValidNameCodePoint(StringPrototypeCodePointAt(next.value, 0), false);
      } else {
        needsGrouping = isAsciiDigit(StringPrototypeCharCodeAt(next.name, 0));
      }
    }
    // A group right after fixed text ending in the prefix character would take it as prefix.
    if (!needsGrouping && part.prefix === '' && previous !== null &&
        previous.type === kFixedText && previous.value !== '' &&
        previous.value[previous.value.length - 1] === options.prefix) {
      needsGrouping = true;
    }
    if (needsGrouping) result += '{';
    result += escapePatternString(part.prefix);
    if (customName) result += `:${part.name}`;
    if (part.type === kRegexpPart) {
      result += `(${part.value})`;
    } else if (part.type === kSegmentWildcard && !customName) {
      result += `(${segmentWildcardRegexp(options)})`;
    } else if (part.type === kFullWildcard) {
      if (!customName && (previous === null || previous.type === kFixedText ||
          previous.modifier !== kNone || needsGrouping || part.prefix !== '')) {
        result += '*';
      } else {
        result += `(${kFullWildcardRegexp})`;
      }
    }
    if (part.type === kSegmentWildcard && customName && part.suffix !== '' &&
        isValidNameCodePoint(StringPrototypeCodePointAt(part.suffix, 0), false)) {
      result += '\\';
    }
    result += escapePatternString(part.suffix);
    if (needsGrouping) result += '}';
    result += part.modifier;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Components (https://urlpattern.spec.whatwg.org/#compile-a-component)

// A compiled component: its canonical pattern string, the regular expression that matches it,
// the names of the regular expression's capture groups in order, and whether any part is a
// custom regular expression.
function compileComponent(input, encode, options) {
  const parts = parsePatternString(input, options, encode);
  const { source, names } = generateRegexpAndNameList(parts, options);
  let regexp;
  try {
    regexp = new RegExpCtor(unicodeSetsToUnicode(source), options.ignoreCase ? 'ui' : 'u');
  } catch {
    fail(`invalid regular expression /${source}/`);
  }
  let hasRegExpGroups = false;
  for (let i = 0; i < parts.length; i++) {
    if (parts[i].type === kRegexpPart) hasRegExpGroups = true;
  }
  return { patternString: generatePatternString(parts, options), regexp, names, hasRegExpGroups };
}

internals.urlPatternParser = {
  URLPatternError,
  fail,
  tokenize,
  tokenTypes: { kOpen, kClose, kRegexp, kName, kChar, kEscapedChar, kAsterisk, kEnd, kInvalidChar },
  escapePatternString,
  compileComponent,
  makeOptions,
  kDefaultOptions,
  kHostnameOptions,
  kPathnameOptions,
};
