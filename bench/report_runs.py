#!/usr/bin/env python3
"""Formats the repeated measurements of bench/web.sh, objects.sh and storage.sh as Markdown.

  report_runs.py <results.tsv> <machine.txt>

results.tsv has one figure per line: workload, server, repetition, metric, value. For each
workload the report gives the median of each metric over the repetitions (with the lowest and
highest value when there were several), then each edged server's median divided by the
baseline's: workerd's, or Miniflare's when workerd was not measured (storage.sh).
"""

import csv
import statistics
import sys

SERVER_LABELS = {
    "origin-direct": "origin alone (no runtime)",
    "workerd": "workerd",
    "miniflare": "Miniflare 4 (node + workerd)",
    "edged-t1": "edged --threads 1",
    "edged-t2": "edged --threads 2",
}
# metric: (column title, decimals, "higher" or "lower" is better, or None when not compared)
METRICS = {
    "mib_per_s": ("MiB/s", 0, "higher"),
    "rps": ("req/s", 0, "higher"),
    "signs_per_s": ("signs/s", 0, "higher"),
    "increments_per_s": ("increments/s", 0, "higher"),
    "delivered_per_s": ("messages delivered/s", 0, "higher"),
    "steps_per_s": ("workflow steps/s", 0, "higher"),
    "broadcast_ms": ("send → last delivery ms", 2, "lower"),
    "bytes_per_socket": ("RSS per socket, bytes (hibernated)", 0, "lower"),
    "bytes_per_socket_open": ("RSS per socket, bytes (object live)", 0, "lower"),
    "rss_before_mib": ("RSS before MiB", 1, None),
    "rss_idle_mib": ("RSS with the sockets MiB", 1, None),
    "hibernated": ("object rebuilt after the wait", 0, None),
    "lost_increments": ("lost increments", 0, None),
    "p50_ms": ("p50 ms", 2, "lower"),
    "p99_ms": ("p99 ms", 2, "lower"),
    "errors": ("errors", 0, None),
    "rps_per_cpu_s": ("req per CPU-s", 0, "higher"),
    "cpu_s_per_gib": ("server CPU-s per GiB", 2, "lower"),
    "peak_rss_mib": ("peak RSS MiB", 1, "lower"),
    "other_cpu_s": ("other CPU-s", 2, None),
}
DISTURBED_OTHER_CPU = 0.5


def load(path):
    figures = {}  # workload -> server -> metric -> [values]
    with open(path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            try:
                value = float(row["value"])
            except ValueError:
                continue
            figures.setdefault(row["workload"], {}).setdefault(row["server"], {}).setdefault(
                row["metric"], []).append(value)
    return figures


def fmt(value, digits):
    return "–" if value is None else f"{value:,.{digits}f}"


def cell(values, digits):
    if not values:
        return "–"
    median = statistics.median(values)
    if len(values) == 1 or min(values) == max(values):
        return fmt(median, digits)
    return f"{fmt(median, digits)} ({fmt(min(values), digits)}–{fmt(max(values), digits)})"


def ordered_servers(servers):
    return [s for s in SERVER_LABELS if s in servers] + [s for s in servers if s not in SERVER_LABELS]


def workload_section(workload, servers):
    metrics = [m for m in METRICS if any(m in figures for figures in servers.values())]
    lines = [
        f"### {workload}",
        "",
        "| server | reps | " + " | ".join(METRICS[m][0] for m in metrics) + " |",
        "|---|--:|" + "--:|" * len(metrics),
    ]
    for server in ordered_servers(servers):
        figures = servers[server]
        reps = max(len(v) for v in figures.values())
        cells = [cell(figures.get(m, []), METRICS[m][1]) for m in metrics]
        other = figures.get("other_cpu_s", [])
        mark = " ⚠" if other and statistics.median(other) > DISTURBED_OTHER_CPU else ""
        lines.append(f"| {SERVER_LABELS.get(server, server)}{mark} | {reps} | " + " | ".join(cells) + " |")
    lines.append("")
    baseline_name = "workerd" if "workerd" in servers else "miniflare"
    baseline = servers.get(baseline_name)
    compared = [m for m in metrics if METRICS[m][2] and baseline and baseline.get(m)]
    edged = [s for s in ordered_servers(servers) if s.startswith("edged")]
    if compared and edged:
        lines += [
            f"edged ÷ {baseline_name}, medians (" + ", ".join(
                f"{METRICS[m][0]}: {'above' if METRICS[m][2] == 'higher' else 'below'} 1 is better"
                for m in compared) + "):",
            "",
            "| server | " + " | ".join(METRICS[m][0] for m in compared) + " |",
            "|---|" + "--:|" * len(compared),
        ]
        for server in edged:
            ratios = []
            for m in compared:
                ours, theirs = servers[server].get(m), baseline.get(m)
                base = statistics.median(theirs) if theirs else 0
                ratios.append(f"{statistics.median(ours) / base:.2f}×" if ours and base else "–")
            lines.append(f"| {SERVER_LABELS.get(server, server)} | " + " | ".join(ratios) + " |")
        lines.append("")
    return lines


def main():
    results_path, machine_path = sys.argv[1:3]
    info = [line.rstrip("\n") for line in open(machine_path) if "=" in line]
    out = ["## Machine and run", ""] + [f"- {line.replace('=', ': ', 1)}" for line in info] + [""]
    for workload, servers in load(results_path).items():
        out += workload_section(workload, servers)
    print("\n".join(out))


if __name__ == "__main__":
    main()
