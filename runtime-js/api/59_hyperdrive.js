'use strict';
// Hyperdrive (workers-types `Hyperdrive`; wrangler.jsonc `hyperdrive`): env.<binding> describes
// edged's loopback pooling endpoint (src/bindings/hyperdrive), never the origin database. The
// credentials come in the binding's descriptor, generated per server start. Getters on the
// prototype, as workerd's, so JSON.stringify(env) shows no password.

const { ObjectFreeze, TypeError } = primordials;

class Hyperdrive {
  #spec;

  constructor(key, spec) {
    if (key !== internals) throw new TypeError('Illegal constructor');
    this.#spec = ObjectFreeze({ ...spec });
  }

  get connectionString() { return this.#spec.connectionString; }
  get host() { return this.#spec.host; }
  get port() { return this.#spec.port; }
  get user() { return this.#spec.user; }
  get password() { return this.#spec.password; }
  get database() { return this.#spec.database; }

  // A TCP socket to the endpoint, for drivers that take one (workers-types: `connect(): Socket`).
  connect() {
    return internals.connectSocket({ hostname: this.#spec.host, port: this.#spec.port });
  }

  get [Symbol.toStringTag]() { return 'Hyperdrive'; }
}

internals.bindingFactories.hyperdrive = (spec) => new Hyperdrive(internals, spec);
