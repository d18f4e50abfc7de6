#!/usr/bin/env python3
"""Startup timings for bench/run.sh, measured from outside the server process.

  probe.py start-time    [options] -- <server command...>
      Spawns the server, then every 2 ms tries one request on a new connection until one gets
      a 200. Prints the time from spawn to that response, in ms (the median over --runs fresh
      processes).

  probe.py first-request [options] -- <server command...>
      Spawns the server, waits until it accepts a TCP connection, waits --settle-ms more, then
      sends one request and times it ("first"), then times --steady more requests on the same
      keep-alive connection. Prints "<first_ms> <steady_median_ms> <first - steady>", each the
      median over --runs fresh processes. On a server that builds its isolate lazily (edged:
      per thread, on the first request that thread serves) the difference is the cost of a new
      isolate + context + evaluating the Worker's modules.

Options:
  --port N            the port the server will listen on (fixed in its config)
  --port-from-stdout  read the port from the first "http://127.0.0.1:<port>" on its stdout
  --body-file F       POST the bytes of F as application/json instead of GET /
  --runs N            fresh processes to measure (default 5)
  --stderr-log F      append the server's stderr to F
  --isolate-pattern R a regex whose group 1, on the server's stderr, is a new isolate's ms
"""

import argparse
import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

POLL_INTERVAL_S = 0.002
STARTUP_TIMEOUT_S = 30.0
PORT_PATTERN = re.compile(rb"http://127\.0\.0\.1:(\d+)")


class Server:
    """One server process; knows its port once it has printed or been told it."""

    def __init__(self, command, port, port_from_stdout, stderr_log, isolate_pattern):
        self.port = port
        self.isolate_ms = []  # figures the server logged for each isolate it built
        self._port_known = threading.Event()
        if port:
            self._port_known.set()
        self.spawned_at = time.perf_counter()
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        self._readers = [
            threading.Thread(target=self._read_stdout, args=(port_from_stdout,), daemon=True),
            threading.Thread(target=self._read_stderr, args=(stderr_log, isolate_pattern), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def _read_stdout(self, port_from_stdout):
        for line in self.process.stdout:
            if port_from_stdout and not self._port_known.is_set():
                match = PORT_PATTERN.search(line)
                if match:
                    self.port = int(match.group(1))
                    self._port_known.set()

    def _read_stderr(self, stderr_log, isolate_pattern):
        log = open(stderr_log, "ab") if stderr_log else None
        pattern = re.compile(isolate_pattern.encode()) if isolate_pattern else None
        for line in self.process.stderr:
            if log:
                log.write(line)
            match = pattern.search(line) if pattern else None
            if match:
                self.isolate_ms.append(float(match.group(1)))
        if log:
            log.close()

    def elapsed_ms(self):
        return (time.perf_counter() - self.spawned_at) * 1000.0

    def wait_for_port(self):
        deadline = self.spawned_at + STARTUP_TIMEOUT_S
        while not self._port_known.wait(POLL_INTERVAL_S):
            self.check_alive()
            if time.perf_counter() > deadline:
                raise RuntimeError("server printed no port")
        return self.port

    def check_alive(self):
        if self.process.poll() is not None:
            raise RuntimeError(f"server exited with status {self.process.returncode}")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        for reader in self._readers:
            reader.join(timeout=5)


def send_request(conn, body):
    """One request on conn; returns the status after reading the whole response."""
    if body is None:
        conn.request("GET", "/")
    else:
        conn.request("POST", "/", body=body, headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    response.read()
    return response.status


def measure_start_time(server, body):
    deadline = server.spawned_at + STARTUP_TIMEOUT_S
    port = server.wait_for_port()
    while True:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=STARTUP_TIMEOUT_S)
        try:
            if send_request(conn, body) == 200:
                return server.elapsed_ms()
        except OSError:
            pass
        finally:
            conn.close()
        server.check_alive()
        if time.perf_counter() > deadline:
            raise RuntimeError("no 200 response before the startup timeout")
        time.sleep(POLL_INTERVAL_S)


def connect_when_listening(server):
    deadline = server.spawned_at + STARTUP_TIMEOUT_S
    port = server.wait_for_port()
    while True:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=STARTUP_TIMEOUT_S)
        try:
            conn.connect()
            conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return conn
        except OSError:
            conn.close()
        server.check_alive()
        if time.perf_counter() > deadline:
            raise RuntimeError("server never accepted a connection")
        time.sleep(POLL_INTERVAL_S)


def measure_first_request(server, body, settle_ms, steady_count):
    conn = connect_when_listening(server)
    time.sleep(settle_ms / 1000.0)
    try:
        started = time.perf_counter()
        status = send_request(conn, body)
        first_ms = (time.perf_counter() - started) * 1000.0
        if status != 200:
            raise RuntimeError(f"first request got status {status}")
        steady = []
        for _ in range(steady_count):
            started = time.perf_counter()
            status = send_request(conn, body)
            steady.append((time.perf_counter() - started) * 1000.0)
            if status != 200:
                raise RuntimeError(f"steady request got status {status}")
        return first_ms, statistics.median(steady)
    finally:
        conn.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["start-time", "first-request"])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-from-stdout", action="store_true")
    parser.add_argument("--body-file")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--settle-ms", type=float, default=200.0)
    parser.add_argument("--steady", type=int, default=100)
    parser.add_argument("--stderr-log")
    parser.add_argument("--isolate-pattern")
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:split])
    command = argv[split + 1:]
    if not command or (not args.port and not args.port_from_stdout):
        parser.error("need a server command and --port or --port-from-stdout")
    body = open(args.body_file, "rb").read() if args.body_file else None
    # run.sh may be interrupted: turn SIGTERM into an exception so the server is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    samples = []
    isolate_ms = []
    for _ in range(args.runs):
        server = Server(command, args.port, args.port_from_stdout, args.stderr_log, args.isolate_pattern)
        try:
            if args.mode == "start-time":
                samples.append(measure_start_time(server, body))
            else:
                samples.append(measure_first_request(server, body, args.settle_ms, args.steady))
        finally:
            server.stop()
        isolate_ms += server.isolate_ms

    if args.mode == "start-time":
        print(f"{statistics.median(samples):.2f}")
    else:
        first = statistics.median(s[0] for s in samples)
        steady = statistics.median(s[1] for s in samples)
        extra = statistics.median(s[0] - s[1] for s in samples)
        isolate = f"{statistics.median(isolate_ms):.2f}" if isolate_ms else "-"
        print(f"{first:.3f} {steady:.3f} {extra:.3f} {isolate}")


if __name__ == "__main__":
    try:
        main()
    except RuntimeError as error:
        print(f"probe.py: {error}", file=sys.stderr)
        sys.exit(1)
