#!/usr/bin/python3
"""Draws scalebench's plots from DIR/analysis.json into DIR/plots/ with Debian's matplotlib.

For each kernel: speedup and efficiency against threads, with the ideal line, the measured
95% intervals and the fitted Amdahl and USL curves; for bandwidth kernels, GB/s against threads;
for each compared workload, a heat map of schedules by thread count, coloured by time relative
to the fastest at that thread count.
Usage: scripts/plot.py DIR
"""
import json
import pathlib
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def amdahl(p, s):
    return 1.0 / (s + (1.0 - s) / p)


def usl(p, sigma, kappa):
    return p / (1.0 + sigma * (p - 1.0) + kappa * p * (p - 1.0))


def fitted_curves(ax, series, color, ps):
    a = series["scaling"]["amdahl"]
    if a.get("fitted") and a.get("serial_fraction") is not None and 0 <= a["serial_fraction"] <= 1:
        s, lo, hi = a["serial_fraction"], a["intervals"]["serial_fraction"]["low"], a["intervals"]["serial_fraction"]["high"]
        ax.plot(ps, [amdahl(p, s) for p in ps], "--", color=color, linewidth=1)
        if lo is None or hi is None:  # no interval (no residual degrees of freedom)
            return
        ax.fill_between(ps, [amdahl(p, min(max(hi, 0), 1)) for p in ps],
                        [amdahl(p, min(max(lo, 0), 1)) for p in ps], color=color, alpha=0.12)
    u = series["scaling"]["usl"]
    if u.get("fitted") and (u.get("sigma") or 0) >= 0 and (u.get("kappa") or 0) >= 0 \
            and u.get("sigma") is not None and u.get("kappa") is not None:
        ax.plot(ps, [usl(p, u["sigma"], u["kappa"]) for p in ps], ":", color=color, linewidth=1)
        # Band: the parameters' interval ends, optimistic (low, low) to pessimistic (high, high).
        iv = u["intervals"]
        if None in (iv["sigma"]["low"], iv["sigma"]["high"], iv["kappa"]["low"], iv["kappa"]["high"]):
            return
        lo_s, hi_s = max(iv["sigma"]["low"], 0.0), max(iv["sigma"]["high"], 0.0)
        lo_k, hi_k = max(iv["kappa"]["low"], 0.0), max(iv["kappa"]["high"], 0.0)
        ax.fill_between(ps, [usl(p, hi_s, hi_k) for p in ps], [usl(p, lo_s, lo_k) for p in ps],
                        color=color, alpha=0.08, hatch="..")


def main(directory):
    root = pathlib.Path(directory)
    analysis = json.loads((root / "analysis.json").read_text())
    out = root / "plots"
    out.mkdir(exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    kernels = sorted({s["kernel"] for s in analysis["series"]})
    for kernel in kernels:
        series = [s for s in analysis["series"] if s["kernel"] == kernel and s["backend"] != "seq"
                  and s["scaling"]["by_threads"]
                  and all(r.get("speedup", {}).get("low") is not None
                          and r.get("speedup", {}).get("high") is not None
                          and r.get("efficiency", {}).get("estimate") is not None
                          for r in s["scaling"]["by_threads"])]
        if not series:
            continue
        max_p = max(r["threads"] for s in series for r in s["scaling"]["by_threads"])
        ps = [1 + i * (max_p - 1) / 50.0 for i in range(51)] if max_p > 1 else [1]
        fig, (ax_s, ax_e) = plt.subplots(1, 2, figsize=(11, 4.2))
        ax_s.plot([1, max_p], [1, max_p], color="grey", linewidth=0.8, label="ideal")
        ax_e.axhline(1.0, color="grey", linewidth=0.8)
        for i, s in enumerate(series):
            color = f"C{i % 10}"
            rows = s["scaling"]["by_threads"]
            p = [r["threads"] for r in rows]
            sp = [r["speedup"]["estimate"] for r in rows]
            err = [[r["speedup"]["estimate"] - r["speedup"]["low"] for r in rows],
                   [r["speedup"]["high"] - r["speedup"]["estimate"] for r in rows]]
            label = f'{s["backend"]}/{s["variant"]}'
            ax_s.errorbar(p, sp, yerr=err, marker="o", capsize=3, color=color, label=label)
            fitted_curves(ax_s, s, color, ps)
            ef = [r["efficiency"]["estimate"] for r in rows]
            ax_e.plot(p, ef, marker="o", color=color, label=label)
        ax_s.set(title=f"{kernel}: speedup (dashed Amdahl fit with band, dotted USL)",
                 xlabel="threads", ylabel="speedup T1/Tp")
        ax_e.set(title=f"{kernel}: efficiency", xlabel="threads", ylabel="Sp / p", ylim=(0, None))
        ax_s.legend(fontsize=7)
        ax_e.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(out / f"speedup-{kernel}.png", dpi=110)
        plt.close(fig)

    rows = [r for r in _csv_rows(root / "speedup.csv") if r["gb_per_second"]]
    # The ceiling workloads (triad) are named by the results, not by this script.
    ceilings = set(analysis.get("bandwidth_ceilings", []))
    ceiling_name = " and ".join(sorted(ceilings))
    bandwidth_kernels = sorted({r["kernel"] for r in rows} - ceilings)
    ceiling = {}
    for r in rows:
        if r["kernel"] in ceilings:
            t = int(r["threads"])
            ceiling[t] = max(ceiling.get(t, 0.0), float(r["gb_per_second"]))
    for kernel in bandwidth_kernels:
        fig, ax = plt.subplots(figsize=(6, 4))
        if ceiling:
            ts = sorted(ceiling)
            ax.plot(ts, [ceiling[t] for t in ts], "k--", linewidth=1, label=f"{ceiling_name} ceiling")
        for i, name in enumerate(sorted({(r["backend"], r["variant"]) for r in rows if r["kernel"] == kernel})):
            pts = sorted((int(r["threads"]), float(r["gb_per_second"])) for r in rows
                         if r["kernel"] == kernel and (r["backend"], r["variant"]) == name)
            ax.plot([p for p, _ in pts], [g for _, g in pts], marker="o", color=f"C{i % 10}",
                    label="/".join(name))
        title = (f"{kernel}: bandwidth against the {ceiling_name} ceiling" if ceilings
                 else f"{kernel}: bandwidth (no ceiling workload measured)")
        ax.set(title=title, xlabel="threads",
               ylabel="GB/s", ylim=(0, None))
        ax.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(out / f"bandwidth-{kernel}.png", dpi=110)
        plt.close(fig)
    schedule_heatmaps(analysis, out)


def schedule_heatmaps(analysis, out):
    """One heat map per workload: rows are schedules, columns thread counts, colour the estimate
    over the fastest's at that thread count (log scale); "=" marks within the noise margin, "?"
    cannot tell at this sample size, "x" not eligible to be the fastest."""
    import math
    workloads = {}
    for c in analysis.get("scheduling", {}).get("comparisons", []):
        workloads.setdefault((c["kernel"], c["workload"]), []).append(c)
    for (kernel, workload), comparisons in workloads.items():
        comparisons.sort(key=lambda c: c["threads"])
        threads = [c["threads"] for c in comparisons]
        names = [f'{e["backend"]}:{e["variant"]}' for e in comparisons[-1]["entries"]]
        cells = {}
        for col, c in enumerate(comparisons):
            for e in c["entries"]:
                cells[(f'{e["backend"]}:{e["variant"]}', col)] = e
        def ratio_of(e):
            return e["vs_best"]["ratio"]["estimate"] if e.get("vs_best") else 1.0
        grid = [[math.log2(ratio_of(cells[(n, col)])) if (n, col) in cells
                 else float("nan") for col in range(len(threads))] for n in names]
        top = max([v for row in grid for v in row if v == v] + [0.1])
        fig, ax = plt.subplots(figsize=(2.2 + 1.3 * len(threads), 0.9 + 0.32 * len(names)))
        image = ax.imshow(grid, cmap="magma_r", vmin=0, vmax=top, aspect="auto")
        for row, n in enumerate(names):
            for col in range(len(threads)):
                e = cells.get((n, col))
                if e is None:
                    continue
                decision = e.get("vs_best")
                if decision is None:
                    text = "best" if e.get("eligible", True) else "x"
                else:
                    mark = {"real_difference": "", "within_margin": "=",
                            "cannot_tell": "?"}[decision["finding"]]
                    text = f'{mark}{decision["ratio"]["estimate"]:.2f}'
                    if not e.get("eligible", True):
                        text = "x" + text
                ax.text(col, row, text, ha="center", va="center", fontsize=7,
                        color="white" if grid[row][col] > top / 2 else "black")
        ax.set_xticks(range(len(threads)), [f"{t} thr" for t in threads])
        ax.set_yticks(range(len(names)), names, fontsize=7)
        ax.set_title(f"{workload}: time / fastest\n('=' within margin, '?' cannot tell, "
                     "'x' not eligible)", fontsize=9)
        bar = fig.colorbar(image, ax=ax)
        bar.set_label("log2(time / fastest)")
        fig.tight_layout()
        fig.savefig(out / f"schedules-{kernel}-heatmap.png", dpi=110)
        plt.close(fig)


def _csv_rows(path):
    import csv
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: scripts/plot.py DIR")
    main(sys.argv[1])
