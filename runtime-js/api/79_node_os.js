'use strict';
// node:os (enable_nodejs_os_module): workerd's fixed answers. A Worker has no host to describe,
// so the values are those of an anonymous Linux machine with nothing measured: no CPUs, no
// memory figures, no network interfaces, zero load.

const { ObjectFreeze } = primordials;
const { nodeErrors } = internals;

const validateNumber = (value, name) => {
  if (typeof value !== 'number') throw nodeErrors.invalidArgType(name, 'of type number', value);
};

// Linux's numbers, as workerd lists them (node:constants keeps workerd's older table).
const constants = ObjectFreeze({
  UV_UDP_REUSEADDR: 4,
  dlopen: ObjectFreeze({
    RTLD_LAZY: 1, RTLD_NOW: 2, RTLD_GLOBAL: 256, RTLD_LOCAL: 0, RTLD_DEEPBIND: 8,
  }),
  errno: ObjectFreeze({
    E2BIG: 7, EACCES: 13, EADDRINUSE: 98, EADDRNOTAVAIL: 99, EAFNOSUPPORT: 97, EAGAIN: 11,
    EALREADY: 114, EBADF: 9, EBADMSG: 74, EBUSY: 16, ECANCELED: 125, ECHILD: 10,
    ECONNABORTED: 103, ECONNREFUSED: 111, ECONNRESET: 104, EDEADLK: 35, EDESTADDRREQ: 89,
    EDOM: 33, EDQUOT: 122, EEXIST: 17, EFAULT: 14, EFBIG: 27, EHOSTUNREACH: 113, EIDRM: 43,
    EILSEQ: 84, EINPROGRESS: 115, EINTR: 4, EINVAL: 22, EIO: 5, EISCONN: 106, EISDIR: 21,
    ELOOP: 40, EMFILE: 24, EMLINK: 31, EMSGSIZE: 90, EMULTIHOP: 72, ENAMETOOLONG: 36,
    ENETDOWN: 100, ENETRESET: 102, ENETUNREACH: 101, ENFILE: 23, ENOBUFS: 105, ENODATA: 61,
    ENODEV: 19, ENOENT: 2, ENOEXEC: 8, ENOLCK: 37, ENOLINK: 67, ENOMEM: 12, ENOMSG: 42,
    ENOPROTOOPT: 92, ENOSPC: 28, ENOSR: 63, ENOSTR: 60, ENOSYS: 38, ENOTCONN: 107, ENOTDIR: 20,
    ENOTEMPTY: 39, ENOTSOCK: 88, ENOTSUP: 95, ENOTTY: 25, ENXIO: 6, EOPNOTSUPP: 95,
    EOVERFLOW: 75, EPERM: 1, EPIPE: 32, EPROTO: 71, EPROTONOSUPPORT: 93, EPROTOTYPE: 91,
    ERANGE: 34, EROFS: 30, ESPIPE: 29, ESRCH: 3, ESTALE: 116, ETIME: 62, ETIMEDOUT: 110,
    ETXTBSY: 26, EWOULDBLOCK: 11, EXDEV: 18,
  }),
  signals: ObjectFreeze({
    SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGIOT: 6, SIGBUS: 7,
    SIGFPE: 8, SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14,
    SIGTERM: 15, SIGCHLD: 17, SIGSTKFLT: 16, SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21,
    SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25, SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28,
    SIGIO: 29, SIGPOLL: 29, SIGPWR: 30, SIGSYS: 31,
  }),
  priority: ObjectFreeze({
    PRIORITY_LOW: 19, PRIORITY_BELOW_NORMAL: 10, PRIORITY_NORMAL: 0, PRIORITY_ABOVE_NORMAL: -7,
    PRIORITY_HIGH: -14, PRIORITY_HIGHEST: -20,
  }),
});

const os = {
  EOL: '\n',
  devNull: '/dev/null',
  constants,
  availableParallelism() { return 1; },
  arch() { return 'x64'; },
  cpus() { return []; },
  endianness() { return 'LE'; },
  freemem() { return 0; },
  // Every process has the normal priority and changing it does nothing, but the arguments are
  // checked as workerd checks them.
  getPriority(pid) {
    if (pid !== undefined) validateNumber(pid, 'pid');
    return 0;
  },
  homedir() { return '/tmp/'; },
  hostname() { return 'localhost'; },
  loadavg() { return [0, 0, 0]; },
  machine() { return 'x86_64'; },
  networkInterfaces() { return {}; },
  platform() { return 'linux'; },
  release() { return ''; },
  setPriority(pid, priority) {
    validateNumber(pid, 'pid');
    validateNumber(priority, 'priority');
  },
  tmpdir() { return '/tmp/'; },
  totalmem() { return 0; },
  type() { return 'Linux'; },
  uptime() { return 0; },
  userInfo() { return {}; },
  version() { return ''; },
};
internals.defineGatedNodeModule('enable_nodejs_os_module', 'os', os);
