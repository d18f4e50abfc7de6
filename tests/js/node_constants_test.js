// node:constants (runtime-js/api/79_node_constants.js): the 239 names and values workerd gives.
import constants, * as namespace from 'node:constants';
import assert from 'node:assert/strict';

export const moduleShape = {
  test() {
    assert.equal(Object.keys(constants).length, 239);
    assert.equal(Object.keys(namespace).length, 240, 'the names plus default');
    for (const key of Object.keys(constants)) assert.equal(namespace[key], constants[key], key);
  },
};

export const osConstants = {
  test() {
    // errno and signal numbers are workerd's (macOS numbering for most errno names).
    assert.equal(constants.ENOENT, 2);
    assert.equal(constants.EACCES, 13);
    assert.equal(constants.EAGAIN, 35);
    assert.equal(constants.EWOULDBLOCK, constants.EAGAIN);
    assert.equal(constants.ECONNREFUSED, 61);
    assert.equal(constants.SIGINT, 2);
    assert.equal(constants.SIGKILL, 9);
    assert.equal(constants.SIGTERM, 15);
    assert.equal(constants.PRIORITY_HIGHEST, -20);
    assert.equal(constants.PRIORITY_LOW, 19);
    assert.equal(constants.RTLD_LAZY, 1);
  },
};

export const fsConstants = {
  test() {
    assert.deepEqual([constants.F_OK, constants.R_OK, constants.W_OK, constants.X_OK], [0, 4, 2, 1]);
    assert.deepEqual([constants.O_RDONLY, constants.O_WRONLY, constants.O_RDWR], [0, 1, 2]);
    assert.equal(constants.S_IFMT, 0o170000);
    assert.equal(constants.S_IFDIR, 0o040000);
    assert.equal(constants.S_IFREG, 0o100000);
    assert.equal(constants.S_IRWXU, 0o700);
    assert.equal(constants.COPYFILE_EXCL, 1);
    assert.equal(constants.UV_FS_COPYFILE_FICLONE_FORCE, 4);
  },
};

export const cryptoConstants = {
  test() {
    assert.equal(constants.RSA_PKCS1_PADDING, 1);
    assert.equal(constants.RSA_PKCS1_OAEP_PADDING, 4);
    assert.equal(constants.RSA_PKCS1_PSS_PADDING, 6);
    assert.equal(constants.RSA_PSS_SALTLEN_DIGEST, -1);
    assert.equal(constants.POINT_CONVERSION_UNCOMPRESSED, 4);
    assert.equal(constants.TLS1_3_VERSION, 0x304);
    assert.equal(constants.defaultCipherList, '');
  },
};
