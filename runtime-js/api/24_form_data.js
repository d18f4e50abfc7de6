'use strict';
// FormData (XHR Standard §5, https://xhr.spec.whatwg.org/#interface-formdata) as Workers has it
// (workerd api/form-data.{h,c++}). Its body encoding and parsing are in 24_multipart.js.
//
// The entry list is an array of [name, value] pairs; a value is a string or a File. Workers
// quirks kept on purpose:
// - the constructor takes no form element: any argument is ignored;
// - a Blob (or a File given a filename) is stored as a new File sharing its bytes, named
//   `filename` when given and else after the entry (workerd's blobToFile, where the spec says
//   "blob");
// - a filename given with a string value is ignored;
// - has() and delete() take no value argument.

const {
  ObjectDefineProperty,
  ObjectGetPrototypeOf,
  ObjectSetPrototypeOf,
  ReflectApply,
  ReflectDeleteProperty,
  SymbolIterator,
  SymbolToStringTag,
  ArrayIteratorPrototype,
} = primordials;
const { makeTypeError, registerBrand, brandCheck, markResourceType, webidl, isBlob } = internals;
const { requiredArguments } = webidl;
const { USVString: toUSVString } = webidl.converters;

const kEntries = 0;
const kKeys = 1;
const kValues = 2;

// XHR §5 "create an entry": strings are USVStrings; a Blob becomes a File.
function createEntry(name, value, filename) {
  name = toUSVString(name);
  if (!isBlob(value)) return [name, toUSVString(value)];
  if (internals.isFile(value) && filename === undefined) return [name, value];
  const fileName = filename === undefined ? name : toUSVString(filename);
  return [name, internals.newFile(internals.blobBytes(value), fileName, internals.blobType(value))];
}

let isFormData;
let entriesOf;

class FormData {
  #entries = [];

  static {
    isFormData = (value) => typeof value === 'object' && value !== null && #entries in value;
    entriesOf = (formData) => formData.#entries;
  }

  append(name, value, filename = undefined) {
    brandCheck(this, FormData);
    requiredArguments(arguments.length, 2, "Failed to execute 'append' on 'FormData'");
    const entry = createEntry(name, value, filename);
    this.#entries[this.#entries.length] = entry;
  }

  delete(name) {
    brandCheck(this, FormData);
    requiredArguments(arguments.length, 1, "Failed to execute 'delete' on 'FormData'");
    name = toUSVString(name);
    const list = this.#entries;
    let kept = 0;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] !== name) list[kept++] = list[i];
    }
    list.length = kept;
  }

  get(name) {
    brandCheck(this, FormData);
    requiredArguments(arguments.length, 1, "Failed to execute 'get' on 'FormData'");
    name = toUSVString(name);
    const list = this.#entries;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] === name) return list[i][1];
    }
    return null;
  }

  getAll(name) {
    brandCheck(this, FormData);
    requiredArguments(arguments.length, 1, "Failed to execute 'getAll' on 'FormData'");
    name = toUSVString(name);
    const list = this.#entries;
    const values = [];
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] === name) values[values.length] = list[i][1];
    }
    return values;
  }

  has(name) {
    brandCheck(this, FormData);
    requiredArguments(arguments.length, 1, "Failed to execute 'has' on 'FormData'");
    name = toUSVString(name);
    const list = this.#entries;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] === name) return true;
    }
    return false;
  }

  // XHR §5: replace the first entry of that name, drop the others; append if there was none.
  set(name, value, filename = undefined) {
    brandCheck(this, FormData);
    requiredArguments(arguments.length, 2, "Failed to execute 'set' on 'FormData'");
    const entry = createEntry(name, value, filename);
    const list = this.#entries;
    let found = false;
    let kept = 0;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] === entry[0]) {
        if (found) continue;
        found = true;
        list[kept++] = entry;
      } else {
        list[kept++] = list[i];
      }
    }
    list.length = kept;
    if (!found) list[list.length] = entry;
  }

  entries() {
    brandCheck(this, FormData);
    return new FormDataIterator(this, kEntries);
  }

  keys() {
    brandCheck(this, FormData);
    return new FormDataIterator(this, kKeys);
  }

  values() {
    brandCheck(this, FormData);
    return new FormDataIterator(this, kValues);
  }

  forEach(callback, thisArg = undefined) {
    brandCheck(this, FormData);
    requiredArguments(arguments.length, 1, "Failed to execute 'forEach' on 'FormData'");
    if (typeof callback !== 'function') {
      throw makeTypeError("Failed to execute 'forEach' on 'FormData': parameter 1 is not of " +
        "type 'Function'.");
    }
    // The list is read afresh each step: callbacks may change it.
    for (let i = 0; i < this.#entries.length; i++) {
      const entry = this.#entries[i];
      ReflectApply(callback, thisArg, [entry[1], entry[0], this]);
    }
  }
}

// The WebIDL pair iterator: live over the entry list, by index.
class FormDataIterator {
  #formData;
  #kind;
  #index = 0;

  constructor(formData, kind) {
    this.#formData = formData;
    this.#kind = kind;
  }

  next() {
    if (typeof this !== 'object' || this === null || !(#formData in this)) {
      throw makeTypeError('Illegal invocation');
    }
    const list = entriesOf(this.#formData);
    const index = this.#index;
    if (index >= list.length) return { value: undefined, done: true };
    this.#index = index + 1;
    const entry = list[index];
    if (this.#kind === kKeys) return { value: entry[0], done: false };
    if (this.#kind === kValues) return { value: entry[1], done: false };
    return { value: [entry[0], entry[1]], done: false };
  }
}

registerBrand(FormData, isFormData);
markResourceType(FormData);

// WebIDL property shapes: operations are enumerable, the class strings are set, the iterator
// prototype inherits %IteratorPrototype% and has no constructor.
const { makeMembersEnumerable } = webidl;
const setToStringTag = (proto, tag) => ObjectDefineProperty(proto, SymbolToStringTag, {
  value: tag, writable: false, enumerable: false, configurable: true,
});
makeMembersEnumerable(FormData.prototype);
ObjectDefineProperty(FormData.prototype, SymbolIterator, {
  value: FormData.prototype.entries, writable: true, enumerable: false, configurable: true,
});
setToStringTag(FormData.prototype, 'FormData');
ObjectSetPrototypeOf(FormDataIterator.prototype, ObjectGetPrototypeOf(ArrayIteratorPrototype));
ReflectDeleteProperty(FormDataIterator.prototype, 'constructor');
makeMembersEnumerable(FormDataIterator.prototype);
setToStringTag(FormDataIterator.prototype, 'FormData Iterator');

internals.FormData = FormData;
internals.isFormData = isFormData;
// The entry list itself ([name, string | File] pairs): callers must not change it.
internals.formDataEntries = entriesOf;
// A FormData holding `entries`, which it takes over (names and values already converted).
internals.formDataFromEntries = (entries) => {
  const formData = new FormData();
  const list = entriesOf(formData);
  for (let i = 0; i < entries.length; i++) list[i] = entries[i];
  return formData;
};

internals.defineGlobal('FormData', FormData);
