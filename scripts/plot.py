#!/usr/bin/python3
"""Draws scalebench's plots into DIR/plots/ from DIR/analysis.json, speedup.csv and results.json
with Debian's matplotlib (Agg). Usage: plot.py DIR

Per kernel: speedup-KERNEL.png (speedup and efficiency with 95% intervals, the ideal and every
fitted model from 3 or more thread counts), bandwidth-KERNEL.png (GB/s, and the triad ceiling at
the thread counts where triad ran too) and distribution-KERNEL.png (every repetition: a row a
point, a lane a process, points kept out of fits labelled with why). Per compared workload:
schedules-KERNEL-heatmap.png, on one colour scale shared by every heat map. A series keeps its
colour and marker in all plots of its kernel; hollow markers are points whose analysis row has
`flags`; a triangle at an axis edge stands for an interval or samples past it. A sweep that failed
its validity gate says so in red on every plot. Each PNG has a sidecar, the same stem .json,
read back from the axes as drawn (docs/results-format.md); stale ones are removed first.
"""
import csv
import json
import pathlib
import sys

# plot_style selects the Agg backend: it comes before pyplot.
from plot_style import (COLORS, FITS, MARKERS, clip_axis, dodge, draw_fits, draw_series,
                        fits_in_title, label_of, new_record, per_rank, save, set_validity,
                        thread_axis)
from plot_samples import distribution_plot, schedule_heatmaps

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402


def speedup_plot(out, kernel, series, styles):
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.4))
    recs = [new_record("x"), new_record("x")]
    # A curve over MPI ranks is drawn over ranks: its speedups and fits are over its 1-rank point.
    over_ranks = all(per_rank(s) > 0 for s in series)
    unit = {id(s): max(1, per_rank(s)) if over_ranks else 1 for s in series}
    threads = sorted({r["threads"] // unit[id(s)] for s in series
                      for r in s["scaling"]["by_threads"]})
    # Past a few fitted series their bands pile up into one smear: curves alone, then.
    fitted = sum(any((s["scaling"].get(m) or {}).get("fitted") and
                     s["scaling"][m].get("distinct_threads", 0) >= 3 for m in FITS) for s in series)
    bands = fitted <= 4
    handles, flags_seen, notes = {}, set(), []
    offsets = dodge(threads, len(series))
    for s, offset in zip(series, offsets):
        label, rows = label_of(s), s["scaling"]["by_threads"]
        for ax, rec, key in zip(axes, recs, ("speedup", "efficiency")):
            points = [(r["threads"] // unit[id(s)], r[key], bool(r.get("flags"))) for r in rows
                      if (r.get(key) or {}).get("estimate") is not None]
            if points:
                handles[label] = draw_series(ax, rec, label, styles[label], points, offset)
        flags_seen.update(f for r in rows for f in r.get("flags") or [])
        notes += draw_fits(axes[0], recs[0], s, styles[label]["color"], bands)
    # The ideal as a bar across each thread count's spread points, level with them all: against
    # the diagonal alone, a point set off to the right would read as below it.
    half = max(abs(o) for o in offsets) + 0.08
    axes[0].hlines(threads, [t - half for t in threads], [t + half for t in threads],
                   color="grey", linewidth=2.5, alpha=0.6, zorder=1)
    axes[0].plot([threads[0], threads[-1]], [threads[0], threads[-1]], color="grey",
                 linewidth=0.6, linestyle=(0, (1, 2)), zorder=1)
    axes[1].axhline(1.0, color="grey", linewidth=0.8, zorder=1)
    for ax, rec, at_least in zip(axes, recs, (threads[-1], 1.0)):
        thread_axis(ax, threads, "ranks" if over_ranks else "threads")
        clip_axis(ax, rec, at_least)
    weak = any(s["scaling"].get("weak_scaling") for s in series)  # size grew with threads
    axes[0].set(title=f"{kernel}: " + ("scaled speedup" if weak else "speedup") +
                fits_in_title(recs[0]), ylabel="p T1 / Tp" if weak else "speedup T1 / Tp")
    axes[1].set(title=f"{kernel}: efficiency Sp / p", ylabel="efficiency Sp / p")
    scale = "ranks" if over_ranks else "threads"
    ideal = Line2D([], [], color="grey", linewidth=2.5, alpha=0.6,
                   label=f"ideal (speedup = {scale}):\ngrey bar at each count")
    through = sorted({n for kind, n in notes if kind == "through"})
    cut = any(t > axes[0].get_ylim()[1] for t in recs[0]["_band_tops"])
    caption = ("Bars: 95% intervals. Points are spread sideways around their thread count so "
               "that bars do not hide each other" + ("; fit curves are drawn at the true thread "
               "count." if recs[0]["fits"] else ".") +
               ("" if bands else " Fit bands left out: more than 4 fitted series.") +
               "".join(f" {n} thread counts passes through the points exactly: not drawn "
                       "(its serial fraction is in the report)." for n in through) +
               "".join(f" {n}." for kind, n in notes if kind == "odd") +
               (" Fit bands run past the axis top and are cut there." if cut else ""))
    save(fig, out, f"speedup-{kernel}.png", "speedup", list(zip(axes, recs)), caption,
         {"legend": ([*handles.values(), ideal], recs, flags_seen)})


def bandwidth_plot(out, kernel, rows, ceiling, ceiling_name, styles, flags):
    fig, ax = plt.subplots(figsize=(7, 4.2))
    rec, handles, flags_seen = new_record("x"), [], set()
    by_series = {}
    for r in rows:
        by_series.setdefault(label_of(r), []).append(r)
    threads = sorted({int(r["threads"]) for r in rows})
    offsets = dodge(threads, len(by_series))
    for (label, rs), offset in zip(sorted(by_series.items()), offsets):
        points = []
        for r in sorted(rs, key=lambda r: int(r["threads"])):
            gb, t, m = float(r["gb_per_second"]), int(r["threads"]), r.get("median_seconds")
            iv = {"estimate": gb}
            if m and r.get("median_low") and r.get("median_high"):  # GB/s is bytes / median
                iv.update(low=gb * float(m) / float(r["median_high"]),
                          high=gb * float(m) / float(r["median_low"]))
            flags_seen.update(flags.get((kernel, label, t), []))
            points.append((t, iv, bool(flags.get((kernel, label, t)))))
        handles.append(draw_series(ax, rec, label, styles[label], points, offset))
    shared = [t for t in threads if t in ceiling]
    caption = "Bars: 95% intervals (from the median time's)." + (
        "" if shared else f" No ceiling drawn: {ceiling_name} did not run at these thread counts."
        if ceiling_name else " No ceiling drawn: the sweep ran no bandwidth ceiling workload.")
    # A kernel that writes what it read reads its target line first (write-allocate), traffic
    # that triad's byte count leaves out too: beating the ceiling is not beating the memory.
    if any(float(r["gb_per_second"]) > ceiling[int(r["threads"])] for r in rows
           if int(r["threads"]) in shared):
        caption += (f" Above the {ceiling_name} ceiling: {ceiling_name}'s byte count leaves out "
                    "write-allocate traffic, so a kernel that writes what it read can exceed it.")
    if shared:
        half = max(abs(o) for o in offsets) + 0.08  # across every series' spread point
        ax.hlines([ceiling[t] for t in shared], [t - half for t in shared],
                  [t + half for t in shared], color="black", linewidth=2, zorder=1)
        rec["ceilings"].append({"name": ceiling_name, "threads": shared, "color": "#000000"})
        rec["_estimates"] += [ceiling[t] for t in shared]
        handles.append(Line2D([], [], color="black", linestyle="none", marker="_", markersize=14,
                              markeredgewidth=2,
                              label=f"{ceiling_name} ceiling (its best at each thread count)"))
    thread_axis(ax, threads, "workers (ranks x threads a rank)"
                if rows and all(per_rank(r) > 0 for r in rows) else "threads")
    clip_axis(ax, rec, 0.0)
    ax.set(title=f"{kernel}: bandwidth" +
           (f"\nagainst the {ceiling_name} ceiling (black bars)" if shared else ""),
           ylabel="GB/s")
    save(fig, out, f"bandwidth-{kernel}.png", "bandwidth", [(ax, rec)], caption,
         {"legend": (handles, [rec], flags_seen)})


def main(directory):
    root = pathlib.Path(directory)
    analysis = json.loads((root / "analysis.json").read_text())
    set_validity(analysis)
    results = root / "results.json"
    points = json.loads(results.read_text())["points"] if results.exists() else []
    out = root / "plots"
    out.mkdir(exist_ok=True)
    for old in [*out.glob("*.png"), *out.glob("*.json")]:
        old.unlink()
    analysed = {(s["kernel"], label_of(s), r["threads"]): r
                for s in analysis["series"] for r in s["scaling"]["by_threads"]}
    flags = {key: r.get("flags") or [] for key, r in analysed.items()}
    csv_rows = []
    if (root / "speedup.csv").exists():
        with open(root / "speedup.csv", newline="") as handle:
            csv_rows = [r for r in csv.DictReader(handle) if r.get("gb_per_second")]
    ceiling_kernels = sorted(set(analysis.get("bandwidth_ceilings", [])))
    ceiling = {}  # the best ceiling-workload GB/s at each thread count
    for r in csv_rows:
        if r["kernel"] in ceiling_kernels:
            ceiling[int(r["threads"])] = max(ceiling.get(int(r["threads"]), 0.0),
                                             float(r["gb_per_second"]))
    for kernel in sorted({s["kernel"] for s in analysis["series"]} | {p["kernel"] for p in points}):
        mine = [s for s in analysis["series"] if s["kernel"] == kernel]
        labels = sorted({label_of(s) for s in mine} |
                        {label_of(p) for p in points if p["kernel"] == kernel})
        styles = {label: {"color": COLORS[i % len(COLORS)], "marker": MARKERS[i % len(MARKERS)]}
                  for i, label in enumerate(labels)}
        parallel = [s for s in mine if s["backend"] != "seq" and any(
            (r.get("speedup") or {}).get("estimate") is not None
            for r in s["scaling"]["by_threads"])]
        if parallel:
            speedup_plot(out, kernel, sorted(parallel, key=label_of), styles)
        bandwidth = [r for r in csv_rows if r["kernel"] == kernel]
        if bandwidth and kernel not in ceiling_kernels:
            bandwidth_plot(out, kernel, bandwidth, ceiling, " and ".join(ceiling_kernels),
                           styles, flags)
        distribution_plot(out, kernel, [p for p in points if p["kernel"] == kernel], styles,
                          analysed)
    schedule_heatmaps(analysis, out)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: plot.py DIR")
    main(sys.argv[1])
