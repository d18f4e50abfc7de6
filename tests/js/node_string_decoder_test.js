// node:string_decoder (runtime-js/api/67_node_string_decoder.js): characters split across
// chunks come out whole, as Node's documentation shows.
import { StringDecoder } from 'node:string_decoder';
import { Buffer } from 'node:buffer';
import assert from 'node:assert/strict';

export const wholeCharacters = {
  test() {
    const decoder = new StringDecoder('utf8');
    assert.equal(decoder.write(Buffer.from([0xC2, 0xA2])), '¢');
    assert.equal(decoder.write(Buffer.from([0xE2, 0x82, 0xAC])), '€');
  },
};

export const splitAcrossWrites = {
  test() {
    const decoder = new StringDecoder('utf8');
    assert.equal(decoder.write(Buffer.from([0xE2])), '');
    assert.equal(decoder.write(Buffer.from([0x82])), '');
    assert.equal(decoder.end(Buffer.from([0xAC])), '€');
    const emoji = Buffer.from('😀');
    const d2 = new StringDecoder();
    assert.equal(d2.write(emoji.subarray(0, 1)) + d2.write(emoji.subarray(1, 3)) + d2.write(emoji.subarray(3)), '😀');
  },
};

export const endFlushesIncomplete = {
  test() {
    const decoder = new StringDecoder('utf8');
    assert.equal(decoder.write(Buffer.from([0x61, 0xE2, 0x82])), 'a');
    assert.equal(decoder.end(), '\ufffd');
    assert.equal(decoder.end(), '');
  },
};

export const otherEncodings = {
  test() {
    const utf16 = new StringDecoder('utf16le');
    const bytes = Buffer.from('a€', 'utf16le');
    assert.equal(utf16.write(bytes.subarray(0, 3)), 'a');
    assert.equal(utf16.end(bytes.subarray(3)), '€');
    const b64 = new StringDecoder('base64');
    assert.equal(b64.write(Buffer.from('hell')) + b64.end(Buffer.from('o')), Buffer.from('hello').toString('base64'));
    const hex = new StringDecoder('hex');
    assert.equal(hex.write(Buffer.from([1, 255])), '01ff');
    assert.equal(new StringDecoder('latin1').write(Buffer.from([0xe9])), 'é');
    assert.throws(() => new StringDecoder('nope'), { code: 'ERR_UNKNOWN_ENCODING' });
    assert.equal(new StringDecoder('UTF-8').encoding, 'utf8');
  },
};
