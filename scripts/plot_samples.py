"""The plots of raw samples and of schedules: every repetition of every point by process, and
one heat map a workload on a colour scale shared by all of a report's heat maps."""
import math
import statistics

from plot_style import FLAG_MEANING, HEAT_CMAP, NAN, label_of, new_record, save

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import NullLocator  # noqa: E402


def log_ticks(limit):
    """Ratio ticks from 1 outwards, an eighth of the axis apart at least, so labels never touch."""
    ticks = [1.0]
    for side in ((0.98, 0.95, 0.9, 0.8, 0.67, 0.5, 0.25, 0.1), (1.02, 1.05, 1.1, 1.25, 1.5, 2, 4)):
        last = 1.0
        for t in side:
            if 1 / limit <= t <= limit and abs(math.log(t / last)) >= math.log(limit) / 4:
                ticks.append(t)
                last = t
    return sorted(ticks)


def seconds_text(value):
    unit, scale = next(((u, f) for u, f in (("s", 1), ("ms", 1e-3), ("µs", 1e-6)) if value >= f),
                       ("ns", 1e-9))
    return f"{value / scale:.3g} {unit}"


def distribution_plot(out, kernel, points, styles, flags):
    groups = {}
    for p in points:
        if p.get("seconds"):  # a failed run measured nothing
            g = groups.setdefault((label_of(p), p["threads"]), {"by_process": {}, "out": []})
            g["by_process"].setdefault(p.get("process", 0), []).extend(p["seconds"])
            g["out"] += [r for r in p.get("fit_exclusions", []) if r not in g["out"]]
    if not groups:
        return
    for g in groups.values():
        g["median"] = statistics.median(v for vs in g["by_process"].values() for v in vs)
    # The axis spans 98% of the samples: a few stragglers at 5x would squash every row's spread
    # into a pixel. Those past it sit at the edge, counted beside their row with the farthest.
    spans = sorted(abs(math.log(v / g["median"])) for g in groups.values()
                   for vs in g["by_process"].values() for v in vs)
    limit = math.exp(max(1.2 * spans[int(0.98 * (len(spans) - 1))], math.log(1.05)))
    keys, lanes = sorted(groups), max(len(g["by_process"]) for g in groups.values())
    fig, ax = plt.subplots(figsize=(8, 1.2 + max(0.27, 0.1 * lanes) * len(keys)))
    rec, labels = {**new_record(None), "rows": []}, []
    for row, ((label, threads), g) in enumerate((k, groups[k]) for k in keys):
        y, style = len(keys) - 1 - row, styles[label]
        flagged = bool(flags.get((kernel, label, threads)))
        if row % 2 == 0:
            ax.axhspan(y - 0.5, y + 0.5, color="0.94", zorder=0)
        beyond, processes = [], sorted(g["by_process"])
        for j, process in enumerate(processes):
            lane = y + 0.3 - 0.6 * j / (len(processes) - 1) if len(processes) > 1 else y
            ratios = [v / g["median"] for v in g["by_process"][process]]
            shown = [min(max(r, 1 / limit), limit) for r in ratios]
            beyond += [r for r, x in zip(ratios, shown) if r != x]
            for marker, side in ((style["marker"], 0), ("<", 1), (">", -1)):
                xs = [x for x, r in zip(shown, ratios) if (x > r) - (x < r) == side]
                if xs:  # an empty unclipped line would stretch the saved figure to the origin
                    ax.plot(xs, [lane] * len(xs), linestyle="none", marker=marker, alpha=0.8,
                            markersize=3.5, color=style["color"], zorder=2, clip_on=False,
                            markerfacecolor="white" if flagged else style["color"])
            own = statistics.median(shown)
            ax.plot([own, own], [lane - 0.12, lane + 0.12], color="black", linewidth=1, zorder=3)
        if beyond:
            ax.annotate(f"{len(beyond)} past: " + ", ".join(f"{r:.3g}" for r in sorted(beyond)[:3])
                        + ("..." if len(beyond) > 3 else ""), (limit, y), xytext=(6, 0),
                        textcoords="offset points", fontsize=6, va="center")
            rec["clipped"].append({"series": label, "threads": threads, "values": sorted(beyond),
                                   "axis_limits": [1 / limit, limit]})
        labels.append(f"{label} @{threads}  {seconds_text(g['median'])}" +
                      (f" [out of fits: {', '.join(g['out'])}]" if g["out"] else ""))
        rec["rows"].append({"series": label, "threads": threads, "processes": len(processes),
                            "samples": sum(map(len, g["by_process"].values())),
                            "median_seconds": g["median"], "flagged": flagged,
                            "fit_exclusions": g["out"]})
    for label in sorted({k[0] for k in keys}):
        rows = [r for r in rec["rows"] if r["series"] == label]
        rec["series"].append({"label": label, **styles[label], "intervals": False,
                              "threads": [r["threads"] for r in rows],
                              "flagged_threads": [r["threads"] for r in rows if r["flagged"]]})
    ax.set_xscale("log")
    ax.set_xlim(1 / limit, limit)
    ax.set_xticks(log_ticks(limit), [f"{t:g}" for t in log_ticks(limit)])
    ax.xaxis.set_minor_locator(NullLocator())
    ax.axvline(1.0, color="grey", linewidth=0.6, zorder=1)
    ax.set_yticks(range(len(keys)), labels[::-1], fontsize=7)
    ax.set(ylim=(-0.5, len(keys) - 0.5),
           xlabel="repetition time / the point's median over all its processes (log scale)",
           title=f"{kernel}: every repetition of every point, one lane a process")
    caption = ("A row is a point: series @threads, its median time and, if it is kept out of "
               "fits (teaching-only and unverified points are shown too), why. A lane in it is "
               "one worker process (process 0 on top), its black tick that process's median: "
               "spread along a lane is within a process, lanes apart is between processes. "
               "Triangles at an edge: samples past the axis, their values beside the row." +
               (" Hollow: flagged points (" + "; ".join(f"{f}: {m}" for f, m in
                FLAG_MEANING.items()) + ")." if any(r["flagged"] for r in rec["rows"]) else ""))
    save(fig, out, f"distribution-{kernel}.png", "distribution", [(ax, rec)], caption)


def schedule_heatmaps(analysis, out):
    """Rows are schedules, columns thread counts, colour log2(time / the fastest at that thread
    count) on one scale for every heat map, so that a colour means the same loss in each."""
    workloads = {}
    for c in analysis.get("scheduling", {}).get("comparisons", []):
        workloads.setdefault((c["kernel"], c["workload"]), []).append(c)
    maps = []
    for (kernel, workload), comparisons in sorted(workloads.items()):
        comparisons.sort(key=lambda c: c["threads"])
        cells = {(f'{e["backend"]}:{e["variant"]}', col): e
                 for col, c in enumerate(comparisons) for e in c["entries"]}
        names = sorted({n for n, _ in cells})
        grid = [[math.log2(cells[(n, col)]["vs_best"]["ratio"]["estimate"])
                 if (n, col) in cells and cells[(n, col)].get("vs_best") else
                 0.0 if (n, col) in cells else NAN for col in range(len(comparisons))]
                for n in names]
        maps.append((kernel, workload, [c["threads"] for c in comparisons], names, cells, grid))
    top = max([v for m in maps for row in m[5] for v in row if v == v] + [0.1])
    for i, (kernel, workload, threads, names, cells, grid) in enumerate(maps):
        fig, ax = plt.subplots(figsize=(2.6 + 1.1 * len(threads), 1.3 + 0.3 * len(names)))
        image = ax.imshow(grid, cmap=HEAT_CMAP, vmin=0.0, vmax=top, aspect="auto")
        for (name, col), e in cells.items():
            decision, row = e.get("vs_best"), names.index(name)
            if decision is None:
                text = "best" if e.get("eligible", True) else "x"
            else:
                mark = {"within_margin": "=", "cannot_tell": "?"}.get(decision["finding"], "")
                text = ("" if e.get("eligible", True) else "x") + \
                    f'{mark}{decision["ratio"]["estimate"]:.2f}'
            ax.text(col, row, text, ha="center", va="center", fontsize=7,
                    color="white" if grid[row][col] > top / 2 else "black")
        ax.set_xticks(range(len(threads)), [str(t) for t in threads])
        ax.set_yticks(range(len(names)), names, fontsize=7)
        ax.set_xlabel("threads")
        ax.set_title(f"{workload}: time / fastest at each thread count\n"
                     "('=' within margin, '?' cannot tell, 'x' not eligible)", fontsize=9)
        fig.colorbar(image, ax=ax).set_label("log2(time / fastest), one scale for all heat maps",
                                             fontsize=7)
        same_kernel = sum(m[0] == kernel for m in maps) > 1
        stem = f"schedules-{kernel}" + (f"-{i + 1}" if same_kernel else "")
        save(fig, out, f"{stem}-heatmap.png", "schedules", [(ax, {**new_record("x"),
                                                                   "rows": names})],
             extra={"workload": workload, "color_scale": {
                 "cmap": image.get_cmap().name, "vmin": float(image.get_clim()[0]),
                 "vmax": float(image.get_clim()[1]), "quantity": "log2(time / fastest)"}})
