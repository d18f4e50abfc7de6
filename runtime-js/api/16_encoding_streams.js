'use strict';
// TextEncoderStream and TextDecoderStream (Encoding Standard §7.3, §7.5), as TransformStream
// subclasses the way workerd has them (workerd api/streams/encoding.c++). Loads after the
// streams file, which provides internals.TransformStream. Messages kept from workerd:
// - a chunk written to a TextDecoderStream that is not a BufferSource → TypeError "This
//   TransformStream is being used as a byte stream, but received a value that is not a
//   BufferSource.";
// - a fatal decoding error → TypeError "Failed to decode input.".
// `fatal` defaults to false, as the standard says (workerd defaults it to true when an options
// object without `fatal` is given, unless the pedantic_wpt flag is on).

const {
  ObjectDefineProperty,
  StringPrototypeCharCodeAt,
  StringPrototypeSlice,
  SymbolToStringTag,
  Uint8Array: Uint8ArrayCtor,
} = primordials;
const { makeTypeError, webidl, TextDecoder, textDecoderDecode, TransformStream } = internals;
const toDOMString = webidl.converters.DOMString;

if (typeof TransformStream !== 'function') {
  throw new Error('TextEncoderStream needs internals.TransformStream: load the streams file first');
}

const illegalInvocation = () => makeTypeError('Illegal invocation');
const kReplacementUtf8 = [0xEF, 0xBF, 0xBD];

let isTextEncoderStream;
class TextEncoderStream extends TransformStream {
  // A lead surrogate at the end of one chunk waits for the trail at the start of the next.
  #pending = '';

  constructor() {
    let self;
    super({
      __proto__: null,
      transform(chunk, controller) {
        let s = self.#pending + toDOMString(chunk);
        self.#pending = '';
        const last = s.length === 0 ? 0 : StringPrototypeCharCodeAt(s, s.length - 1);
        if (last >= 0xD800 && last <= 0xDBFF) {
          self.#pending = StringPrototypeSlice(s, s.length - 1);
          s = StringPrototypeSlice(s, 0, s.length - 1);
        }
        if (s.length !== 0) controller.enqueue(ops.encodeUtf8(s));
      },
      flush(controller) {
        if (self.#pending !== '') controller.enqueue(new Uint8ArrayCtor(kReplacementUtf8));
      },
    });
    self = this;
  }

  static { isTextEncoderStream = (o) => typeof o === 'object' && o !== null && #pending in o; }

  get encoding() {
    if (!isTextEncoderStream(this)) throw illegalInvocation();
    return 'utf-8';
  }
}

let isTextDecoderStream;
class TextDecoderStream extends TransformStream {
  #decoder;

  constructor(label = undefined, options = undefined) {
    // Validates the label and options first, with TextDecoder's errors.
    const decoder = new TextDecoder(label, options);
    super({
      __proto__: null,
      transform(chunk, controller) {
        const bytes = webidl.bufferSourceBytes(chunk);
        if (bytes === undefined) {
          throw makeTypeError('This TransformStream is being used as a byte stream, but ' +
            'received a value that is not a BufferSource.');
        }
        const s = textDecoderDecode(decoder, bytes, false);
        if (s.length !== 0) controller.enqueue(s);
      },
      flush(controller) {
        const s = textDecoderDecode(decoder, new Uint8ArrayCtor(0), true);
        if (s.length !== 0) controller.enqueue(s);
      },
    });
    this.#decoder = decoder;
  }

  static { isTextDecoderStream = (o) => typeof o === 'object' && o !== null && #decoder in o; }

  get encoding() {
    if (!isTextDecoderStream(this)) throw illegalInvocation();
    return this.#decoder.encoding;
  }

  get fatal() {
    if (!isTextDecoderStream(this)) throw illegalInvocation();
    return this.#decoder.fatal;
  }

  get ignoreBOM() {
    if (!isTextDecoderStream(this)) throw illegalInvocation();
    return this.#decoder.ignoreBOM;
  }
}

for (const [Class, tag, isBrand] of [[TextEncoderStream, 'TextEncoderStream', isTextEncoderStream],
  [TextDecoderStream, 'TextDecoderStream', isTextDecoderStream]]) {
  webidl.makeMembersEnumerable(Class.prototype);
  ObjectDefineProperty(Class.prototype, SymbolToStringTag, {
    value: tag, writable: false, enumerable: false, configurable: true,
  });
  internals.registerBrand(Class, isBrand);
  internals.markResourceType(Class);
}

internals.TextEncoderStream = TextEncoderStream;
internals.TextDecoderStream = TextDecoderStream;

internals.defineGlobal('TextEncoderStream', TextEncoderStream);
internals.defineGlobal('TextDecoderStream', TextDecoderStream);
