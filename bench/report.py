#!/usr/bin/env python3
"""Formats bench/run.sh's results.tsv as Markdown: figures, ratios and the issue's targets.

  report.py <results.tsv> <machine.txt> <wrk duration, e.g. 10s>
"""

import csv
import sys

SERVER_LABELS = {
    "ceiling": "ceiling (libuv+llhttp, 1 process)",
    "ceiling-x2": "ceiling (2 processes, SO_REUSEPORT)",
    "workerd": "workerd (default, 1 process)",
    "edged-t1": "edged --threads 1",
    "edged-t2": "edged --threads 2",
}
EDGED_SERVERS = ["edged-t1", "edged-t2"]
HELLO_RPS_TARGET = 1.5     # edged >= 1.5x workerd's requests/s on hello world
ISOLATE_TARGET_MS = 5.0    # a new isolate in under 5 ms
DISTURBED_OTHER_CPU = 0.5  # CPU-s other processes used during a measurement that make it suspect


def number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def fmt(value, digits=1):
    return "–" if value is None else f"{value:,.{digits}f}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def fmt_ratio(value):
    return "–" if value is None else f"{value:.2f}×"


def seconds(duration):
    units = {"s": 1, "m": 60, "h": 3600}
    return float(duration[:-1]) * units[duration[-1]] if duration[-1] in units else float(duration)


def load_rows(path, duration_s):
    rows = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            figures = {key: number(value) for key, value in row.items() if key not in ("workload", "server")}
            rps, cpu = figures["rps"], figures["cpu_s"]
            figures["rps_per_cpu"] = rps * duration_s / cpu if rps and cpu else None
            rows.setdefault(row["workload"], {})[row["server"]] = figures
    return rows


def disturbed_mark(figures, key):
    other = figures.get(key)
    return " ⚠" if other is not None and other > DISTURBED_OTHER_CPU else ""


def machine_section(path):
    info = dict(line.rstrip("\n").split("=", 1) for line in open(path) if "=" in line)
    lines = [
        "## Machine and run",
        "",
        f"- date: {info.get('date')}; `nproc`: {info.get('nproc')}; CPU: {info.get('cpu')}; "
        f"kernel {info.get('kernel')}",
        f"- {info.get('edged')}; workerd {info.get('workerd')}",
        f"- load: `{info.get('wrk')}`, on loopback, wrk and the server sharing the machine",
        f"- load average before / after the run: {info.get('load_before')} / {info.get('load_after')}",
    ]
    if info.get("edged_binary_before") != info.get("edged_binary_after"):
        lines.append(
            f"- ⚠ the edged binary changed during the run ({info.get('edged_binary_before')} → "
            f"{info.get('edged_binary_after')}): rows measured before and after differ in build"
        )
    return lines + [""]


def figures_table(workload, servers):
    lines = [
        f"### {workload}",
        "",
        "| server | req/s | p50 ms | p99 ms | errors | server CPU s | req per CPU-s | other CPU s "
        "| peak RSS MiB | start→1st response ms | 1st request ms | steady request ms "
        "| 1st − steady ms | new isolate ms |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    disturbed = False
    for server, label in SERVER_LABELS.items():
        f = servers.get(server)
        if f is None:
            continue
        load_mark = disturbed_mark(f, "other_cpu_s")
        startup_mark = disturbed_mark(f, "startup_other_cpu_s")
        disturbed = disturbed or bool(load_mark or startup_mark)
        lines.append(
            f"| {label} | {fmt(f['rps'], 0)} | {fmt(f['p50_ms'], 2)} | {fmt(f['p99_ms'], 2)} "
            f"| {fmt(f['errors'], 0)} | {fmt(f['cpu_s'], 1)} | {fmt(f['rps_per_cpu'], 0)} "
            f"| {fmt(f['other_cpu_s'], 2)}{load_mark} | {fmt(f['rss_mib'], 1)} "
            f"| {fmt(f['start_ms'], 1)}{startup_mark} | {fmt(f['first_ms'], 2)} "
            f"| {fmt(f['steady_ms'], 2)} | {fmt(f['first_extra_ms'], 2)} | {fmt(f['isolate_ms'], 2)} |"
        )
    if disturbed:
        lines += [
            "",
            f"⚠ other processes used more than {DISTURBED_OTHER_CPU} CPU-s during that load run "
            "(or, next to the start time, during the startup probes): those figures are disturbed; "
            "run again on a quiet machine.",
        ]
    lines.append("")
    return lines


def ratios_table(workload, servers):
    workerd = servers.get("workerd", {})
    ceiling = servers.get("ceiling", {})
    ceiling2 = servers.get("ceiling-x2", {})
    lines = [
        f"### {workload}: ratios",
        "",
        "Above 1 is better for req/s and req per CPU-s; below 1 is better for the others.",
        "",
        "| | req/s ÷ workerd | p50 ÷ workerd | p99 ÷ workerd | req per CPU-s ÷ workerd "
        "| RSS ÷ workerd | start ÷ workerd | req/s ÷ ceiling (1 proc) | req/s ÷ ceiling (2 procs) |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for server in EDGED_SERVERS + ["workerd"]:
        f = servers.get(server)
        if f is None:
            continue
        lines.append(
            f"| {SERVER_LABELS[server]} | {fmt_ratio(ratio(f['rps'], workerd.get('rps')))} "
            f"| {fmt_ratio(ratio(f['p50_ms'], workerd.get('p50_ms')))} "
            f"| {fmt_ratio(ratio(f['p99_ms'], workerd.get('p99_ms')))} "
            f"| {fmt_ratio(ratio(f['rps_per_cpu'], workerd.get('rps_per_cpu')))} "
            f"| {fmt_ratio(ratio(f['rss_mib'], workerd.get('rss_mib')))} "
            f"| {fmt_ratio(ratio(f['start_ms'], workerd.get('start_ms')))} "
            f"| {fmt_ratio(ratio(f['rps'], ceiling.get('rps')))} "
            f"| {fmt_ratio(ratio(f['rps'], ceiling2.get('rps')))} |"
        )
    lines.append("")
    return lines


def verdict(ok):
    return "met" if ok else "**missed**"


def targets_section(rows):
    lines = ["## Targets", ""]
    hello = rows.get("hello", {})
    workerd = hello.get("workerd")
    for server in EDGED_SERVERS:
        f = hello.get(server)
        if f is None or workerd is None:
            continue
        rps_ratio = ratio(f["rps"], workerd["rps"])
        p99_ratio = ratio(f["p99_ms"], workerd["p99_ms"])
        if rps_ratio is not None:
            lines.append(
                f"- hello, {SERVER_LABELS[server]}: {rps_ratio:.2f}× workerd's req/s "
                f"(target ≥ {HELLO_RPS_TARGET}×): {verdict(rps_ratio >= HELLO_RPS_TARGET)}"
            )
        if p99_ratio is not None:
            lines.append(
                f"- hello, {SERVER_LABELS[server]}: p99 {f['p99_ms']:.2f} ms vs workerd "
                f"{workerd['p99_ms']:.2f} ms (target: no worse): {verdict(p99_ratio <= 1.0)}"
            )
    for workload, servers in rows.items():
        f = servers.get("edged-t1")
        if f is None or f["isolate_ms"] is None:
            continue
        lines.append(
            f"- {workload}, new isolate on edged (as edged logs it, --threads 1): "
            f"{f['isolate_ms']:.2f} ms (target < {ISOLATE_TARGET_MS:.0f} ms): "
            f"{verdict(f['isolate_ms'] < ISOLATE_TARGET_MS)}"
        )
    lines.append("")
    return lines


def main():
    results_path, machine_path, duration = sys.argv[1:4]
    rows = load_rows(results_path, seconds(duration))
    out = ["# edged benchmark", ""] + machine_section(machine_path) + ["## Figures", ""]
    for workload, servers in rows.items():
        out += figures_table(workload, servers)
    out += ["## Ratios", ""]
    for workload, servers in rows.items():
        out += ratios_table(workload, servers)
    out += targets_section(rows)
    print("\n".join(out))


if __name__ == "__main__":
    main()
