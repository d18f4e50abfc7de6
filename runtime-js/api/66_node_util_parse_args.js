'use strict';
// node:util's parseArgs (Node's documented behaviour, workerd throws "not implemented"): the
// arguments become tokens (options, positionals, the `--` terminator), then values. A Worker has
// no command line, so `args` defaults to an empty list rather than process.argv.

const {
  ArrayIsArray, ArrayPrototypePush, ArrayPrototypeIncludes, ObjectEntries,
  ObjectPrototypeHasOwnProperty, StringPrototypeStartsWith, StringPrototypeIncludes, StringPrototypeIndexOf,
  StringPrototypeSlice, JSONStringify, TypeError, ArrayPrototypeShift, ArrayPrototypeUnshift,
  ArrayPrototypeSlice,
} = primordials;
const { nodeErrors } = internals;

const parseArgsError = (code, message) => nodeErrors.make(TypeError, code, message);

const objectGetOwn = (object, name) =>
  (object && ObjectPrototypeHasOwnProperty(object, name) ? object[name] : undefined);
const optionsGetOwn = (options, longOption, name) =>
  (ObjectPrototypeHasOwnProperty(options, longOption) ? objectGetOwn(options[longOption], name) : undefined);

function validateBoolean(value, name) {
  if (typeof value !== 'boolean') throw nodeErrors.invalidArgType(name, 'of type boolean', value);
}
function validateArray(value, name) {
  if (!ArrayIsArray(value)) throw nodeErrors.invalidArgType(name, 'an instance of Array', value);
}
function validatePlainObject(value, name) {
  if (value === null || typeof value !== 'object' || ArrayIsArray(value)) {
    throw nodeErrors.invalidArgType(name, 'of type object', value);
  }
}
function validateArrayOf(check) {
  return (value, name) => {
    validateArray(value, name);
    for (let i = 0; i < value.length; i++) check(value[i], `${name}[${i}]`);
  };
}
const defaultValidators = {
  string: [internals.validateString, validateArrayOf(internals.validateString)],
  boolean: [validateBoolean, validateArrayOf(validateBoolean)],
};

function validateOptionConfig(longOption, config) {
  validatePlainObject(config, `options.${longOption}`);
  const type = objectGetOwn(config, 'type');
  if (!ArrayPrototypeIncludes(['string', 'boolean'], type)) {
    throw nodeErrors.invalidArgType(`options.${longOption}.type`, "('string'|'boolean')", type);
  }
  if (ObjectPrototypeHasOwnProperty(config, 'short')) {
    const short = config.short;
    internals.validateString(short, `options.${longOption}.short`);
    if (short.length !== 1) {
      throw nodeErrors.invalidArgValue(`options.${longOption}.short`, short, 'must be a single character');
    }
  }
  const multiple = objectGetOwn(config, 'multiple');
  if (ObjectPrototypeHasOwnProperty(config, 'multiple')) validateBoolean(multiple, `options.${longOption}.multiple`);
  const defaultValue = objectGetOwn(config, 'default');
  if (defaultValue !== undefined) {
    defaultValidators[type][multiple ? 1 : 0](defaultValue, `options.${longOption}.default`);
  }
}

function findLongOptionForShort(short, options) {
  for (const [longOption, config] of ObjectEntries(options)) {
    if (objectGetOwn(config, 'short') === short) return longOption;
  }
  return short;
}
const isStringOption = (options, longOption) => optionsGetOwn(options, longOption, 'type') === 'string';
// -abc whose first letter is not a string option (that would be -fVALUE).
const isShortOptionGroup = (arg, options) => arg.length > 2 && arg[0] === '-' && arg[1] !== '-' &&
  !isStringOption(options, findLongOptionForShort(arg[1], options));

// Phase 1: every argument (after expanding -abc) as a token; `index` is the argument's position.
// `-f VALUE` / `--flag VALUE`: a string option takes the next argument (when there is one) as
// its value. Returns the index of the last argument used.
function pushSeparateOption(tokens, options, name, rawName, index, remaining) {
  let value;
  let inlineValue;
  if (isStringOption(options, name) && remaining[0] !== undefined && remaining[0] !== null) {
    value = ArrayPrototypeShift(remaining);
    inlineValue = false;
  }
  ArrayPrototypePush(tokens, { kind: 'option', name, rawName, index, value, inlineValue });
  return value != null ? index + 1 : index;
}

function argsToTokens(args, options) {
  const tokens = [];
  let index = -1;
  let groupCount = 0;
  const remaining = ArrayPrototypeSlice(args);
  while (remaining.length > 0) {
    const arg = ArrayPrototypeShift(remaining);
    if (groupCount > 0) groupCount--;
    else index++;

    if (arg === '--') {
      ArrayPrototypePush(tokens, { kind: 'option-terminator', index });
      for (const value of remaining) ArrayPrototypePush(tokens, { kind: 'positional', index: ++index, value });
      break;
    }
    if (arg.length === 2 && arg[0] === '-' && arg[1] !== '-') {
      index = pushSeparateOption(tokens, options, findLongOptionForShort(arg[1], options), arg, index, remaining);
      continue;
    }
    if (isShortOptionGroup(arg, options)) {
      // -abfFILE is -a -b -fFILE: a string option ends the group and takes the rest.
      const expanded = [];
      for (let i = 1; i < arg.length; i++) {
        const short = arg[i];
        if (!isStringOption(options, findLongOptionForShort(short, options)) || i === arg.length - 1) {
          ArrayPrototypePush(expanded, `-${short}`);
        } else {
          ArrayPrototypePush(expanded, `-${StringPrototypeSlice(arg, i)}`);
          break;
        }
      }
      for (let i = expanded.length - 1; i >= 0; i--) ArrayPrototypeUnshift(remaining, expanded[i]);
      groupCount = expanded.length;
      continue;
    }
    if (arg.length > 2 && arg[0] === '-' && arg[1] !== '-') {
      // -fVALUE for a string option f.
      const name = findLongOptionForShort(arg[1], options);
      ArrayPrototypePush(tokens, {
        kind: 'option', name, rawName: `-${arg[1]}`, index, value: StringPrototypeSlice(arg, 2), inlineValue: true,
      });
      continue;
    }
    if (arg.length > 2 && StringPrototypeStartsWith(arg, '--')) {
      if (!StringPrototypeIncludes(arg, '=', 3)) {
        index = pushSeparateOption(tokens, options, StringPrototypeSlice(arg, 2), arg, index, remaining);
      } else {
        const equals = StringPrototypeIndexOf(arg, '=');
        const name = StringPrototypeSlice(arg, 2, equals);
        ArrayPrototypePush(tokens, {
          kind: 'option', name, rawName: `--${name}`, index, value: StringPrototypeSlice(arg, equals + 1), inlineValue: true,
        });
      }
      continue;
    }
    ArrayPrototypePush(tokens, { kind: 'positional', index, value: arg });
  }
  return tokens;
}

// Strict mode: the option is known and used as its type says.
function checkOptionUsage(options, allowPositionals, token) {
  if (!ObjectPrototypeHasOwnProperty(options, token.name)) {
    const hint = allowPositionals
      ? `. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- ${JSONStringify(token.rawName)}`
      : '';
    throw parseArgsError('ERR_PARSE_ARGS_UNKNOWN_OPTION', `Unknown option '${token.rawName}'${hint}`);
  }
  const short = optionsGetOwn(options, token.name, 'short');
  const shortAndLong = `${short ? `-${short}, ` : ''}--${token.name}`;
  const type = optionsGetOwn(options, token.name, 'type');
  if (type === 'string' && typeof token.value !== 'string') {
    throw parseArgsError('ERR_PARSE_ARGS_INVALID_OPTION_VALUE', `Option '${shortAndLong} <value>' argument missing`);
  }
  if (type === 'boolean' && token.value != null) {
    throw parseArgsError('ERR_PARSE_ARGS_INVALID_OPTION_VALUE', `Option '${shortAndLong}' does not take an argument`);
  }
}

// Strict mode: `--file -x` probably forgot the file; `--file=-x` says it on purpose.
function checkOptionLikeValue(token) {
  if (token.inlineValue || token.value == null || token.value.length <= 1 || token.value[0] !== '-') return;
  const example = StringPrototypeStartsWith(token.rawName, '--')
    ? `'${token.rawName}=-XYZ'`
    : `'--${token.name}=-XYZ' or '${token.rawName}-XYZ'`;
  throw parseArgsError('ERR_PARSE_ARGS_INVALID_OPTION_VALUE', `Option '${token.rawName}' argument is ambiguous.
Did you forget to specify the option argument for '${token.rawName}'?
To specify an option argument starting with a dash use ${example}.`);
}

function storeOption(name, value, options, values) {
  if (name === '__proto__') return;
  if (optionsGetOwn(options, name, 'multiple')) {
    if (values[name] === undefined) values[name] = [value];
    else ArrayPrototypePush(values[name], value);
  } else {
    values[name] = value;
  }
}

function parseArgs(config = {}) {
  const args = objectGetOwn(config, 'args') ?? [];
  const strict = objectGetOwn(config, 'strict') ?? true;
  const allowPositionals = objectGetOwn(config, 'allowPositionals') ?? !strict;
  const returnTokens = objectGetOwn(config, 'tokens') ?? false;
  const allowNegative = objectGetOwn(config, 'allowNegative') ?? false;
  const options = objectGetOwn(config, 'options') ?? { __proto__: null };
  validateArray(args, 'args');
  validateBoolean(strict, 'strict');
  validateBoolean(allowPositionals, 'allowPositionals');
  validateBoolean(returnTokens, 'tokens');
  validateBoolean(allowNegative, 'allowNegative');
  validatePlainObject(options, 'options');
  for (const [longOption, optionConfig] of ObjectEntries(options)) validateOptionConfig(longOption, optionConfig);

  const tokens = argsToTokens(args, options);
  const result = { values: { __proto__: null }, positionals: [] };
  if (returnTokens) result.tokens = tokens;
  for (const token of tokens) {
    if (token.kind === 'option') {
      let value = token.value ?? true;
      // --no-color sets color to false (allowNegative, Node 22.4).
      if (allowNegative && StringPrototypeStartsWith(token.name, 'no-') && token.value === undefined) {
        const positive = StringPrototypeSlice(token.name, 3);
        if (optionsGetOwn(options, positive, 'type') === 'boolean' || !strict) {
          token.name = positive;
          value = false;
        }
      }
      if (strict) {
        checkOptionUsage(options, allowPositionals, token);
        checkOptionLikeValue(token);
      }
      storeOption(token.name, value, options, result.values);
    } else if (token.kind === 'positional') {
      if (!allowPositionals) {
        throw parseArgsError('ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL',
          `Unexpected argument '${token.value}'. This command does not take positional arguments`);
      }
      ArrayPrototypePush(result.positionals, token.value);
    }
  }
  for (const [longOption, optionConfig] of ObjectEntries(options)) {
    const defaultValue = objectGetOwn(optionConfig, 'default');
    if (defaultValue !== undefined && result.values[longOption] === undefined && longOption !== '__proto__') {
      result.values[longOption] = defaultValue;
    }
  }
  return result;
}

internals.nodeParseArgs = parseArgs;
