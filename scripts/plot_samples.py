"""The plots of raw samples and of schedules: every repetition of every point by process, and
one heat map a workload on a colour scale shared by all of a report's heat maps."""
import math
import statistics

from plot_style import FLAG_MEANING, HEAT_CMAP, NAN, label_of, new_record, save

NOT_RANKED = "0.75"  # a heat map's grey: no colour of the scale, "fastest" least of all

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.ticker import NullLocator  # noqa: E402


def log_ticks(limit):
    """Ratio ticks from 1 outwards, a fifth of the half-axis apart at least, so labels never
    touch and a wide axis still gets a label every factor of about 1.3."""
    ticks = [1.0]
    for side in ((0.98, 0.95, 0.9, 0.8, 0.67, 0.5, 0.4, 0.33, 0.25, 0.2, 0.1),
                 (1.02, 1.05, 1.1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 10)):
        last = 1.0
        for t in side:
            if 1 / limit <= t <= limit and abs(math.log(t / last)) >= math.log(limit) / 5:
                ticks.append(t)
                last = t
    return sorted(ticks)


def seconds_text(value):
    value = float(f"{value:.3g}")  # 0.9999 s is "1 s", not "1e+03 ms"
    unit, scale = next(((u, f) for u, f in (("s", 1), ("ms", 1e-3), ("µs", 1e-6)) if value >= f),
                       ("ns", 1e-9))
    return f"{value / scale:.3g} {unit}"


def group_points(kernel, points, analysed):
    groups = {}
    for p in points:
        if p.get("seconds"):  # a failed run measured nothing
            g = groups.setdefault((label_of(p), p["threads"]),
                                  {"by_process": {}, "out": [], "contended": set()})
            g["by_process"].setdefault(p.get("process", 0), []).extend(p["seconds"])
            g["out"] += [r for r in p.get("fit_exclusions", []) if r not in g["out"]]
            if "contended" in (p.get("stability_flags") or []):
                g["contended"].add(p.get("process", 0))
    for (label, threads), g in groups.items():
        row = analysed.get((kernel, label, threads)) or {}
        estimate = (row.get("median_seconds") or {}).get("estimate")
        # The report's number, so that a row's 1.0 is the time the tables quote; the pooled
        # median only where the analysis has none (a point kept out of it).
        g["source"] = "analysis" if estimate else "pooled"
        g["median"] = estimate or statistics.median(
            v for vs in g["by_process"].values() for v in vs)
        g["flagged"] = bool(row.get("flags"))
        # The estimate left a contended process out when it counts fewer than were run.
        g["left_out"] = sorted(g["contended"]) if estimate and row.get(
            "processes", len(g["by_process"])) < len(g["by_process"]) else []
    return groups


def distribution_plot(out, kernel, points, styles, analysed):
    groups = group_points(kernel, points, analysed)
    if not groups:
        return
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
        if row % 2 == 0:
            ax.axhspan(y - 0.5, y + 0.5, color="0.94", zorder=0)
        beyond, processes = {"low": [], "high": []}, sorted(g["by_process"])
        for j, process in enumerate(processes):
            lane = y + 0.3 - 0.6 * j / (len(processes) - 1) if len(processes) > 1 else y
            ratios = [v / g["median"] for v in g["by_process"][process]]
            shown = [min(max(r, 1 / limit), limit) for r in ratios]
            beyond["low"] += [r for r in ratios if r < 1 / limit]
            beyond["high"] += [r for r in ratios if r > limit]
            color = "0.6" if process in g["left_out"] else style["color"]
            face = "white" if g["flagged"] or process in g["left_out"] else color
            for marker, side in ((style["marker"], 0), ("<", 1), (">", -1)):
                xs = [x for x, r in zip(shown, ratios) if (x > r) - (x < r) == side]
                if xs:  # an empty unclipped line would stretch the saved figure to the origin
                    ax.plot(xs, [lane] * len(xs), linestyle="none", marker=marker, alpha=0.8,
                            markersize=3.5, color=color, zorder=2, clip_on=False,
                            markerfacecolor=face)
            # The process's own median, of every sample; at the edge if that is past the axis.
            own = min(max(statistics.median(ratios), 1 / limit), limit)
            ax.plot([own, own], [lane - 0.12, lane + 0.12], color="black", linewidth=1, zorder=3,
                    clip_on=False)  # whole at the edge, too
        for bound, vs in beyond.items():
            if not vs:
                continue
            farthest = sorted(vs, reverse=bound == "high")
            text = (f"{len(vs)} {'below' if bound == 'low' else 'above'}: " +
                    ", ".join(f"{r:.3g}" for r in farthest[:3]) + ("..." if len(vs) > 3 else ""))
            if bound == "high":  # in the margin right of the axis, level with the row
                ax.annotate(text, (limit, y), xytext=(6, 0), textcoords="offset points",
                            fontsize=6, va="center")
            else:  # the tick labels fill the left margin: inside, at the row's top left
                ax.annotate(text, (1 / limit, y + 0.5), xytext=(6, -1), fontsize=6, va="top",
                            textcoords="offset points", zorder=4,
                            bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none",
                                  "alpha": 0.7})
            rec["clipped"].append({"series": label, "threads": threads, "bound": bound,
                                   "values": sorted(vs), "axis_limits": [1 / limit, limit]})
        labels.append(f"{label} @{threads}  {seconds_text(g['median'])} "
                      f"({'estimate' if g['source'] == 'analysis' else 'pooled median'})" +
                      (f" [out of fits: {', '.join(g['out'])}]" if g["out"] else "") +
                      (" [left out: contended]" if g["left_out"] else ""))
        rec["rows"].append({"series": label, "threads": threads, "processes": len(processes),
                            "samples": sum(map(len, g["by_process"].values())),
                            "median_seconds": g["median"], "median_source": g["source"],
                            "left_out_processes": g["left_out"], "flagged": g["flagged"],
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
           xlabel="repetition time / the point's median time (log scale)",
           title=f"{kernel}: every repetition of every point, one lane a process")
    caption = ("A row is a point: series @threads, its median time (the analysis' estimate, or "
               "where it has none the median of all the point's samples, as labelled) and, if "
               "it is kept out of fits (teaching-only and unverified points are shown too), why. "
               "A lane in it is one worker process (process 0 on top), its black tick that "
               "process's median: spread along a lane is within a process, lanes apart is "
               "between processes. Triangles at an edge: samples past the axis, their values at "
               "that edge." +
               (" Grey hollow lanes: contended processes the estimate left out." if any(
                   r["left_out_processes"] for r in rec["rows"]) else "") +
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
        # A point that may not be ranked gets no colour: coloured, a fast unverified run would
        # read as the fastest.
        grid = [[NAN if (n, col) not in cells or not cells[(n, col)].get("eligible", True) else
                 math.log2(cells[(n, col)]["vs_best"]["ratio"]["estimate"])
                 if cells[(n, col)].get("vs_best") else 0.0 for col in range(len(comparisons))]
                for n in names]
        maps.append((kernel, workload, [c["threads"] for c in comparisons], names, cells, grid))
    top = max([v for m in maps for row in m[5] for v in row if v == v] + [0.1])
    cmap = plt.get_cmap(HEAT_CMAP).with_extremes(bad=NOT_RANKED)
    ratios = [1]  # a fourteenth of the bar apart at least, so that labels never overlap
    for r in (1.1, 1.2, 1.5, 2, 3, 4, 6, 8, 16, 32, 64):
        if math.log2(r) <= top and math.log2(r / ratios[-1]) >= top / 14:
            ratios.append(r)
    for i, (kernel, workload, threads, names, cells, grid) in enumerate(maps):
        # Wide enough for the title's key over a single column.
        fig, ax = plt.subplots(figsize=(max(5.0, 2.6 + 1.1 * len(threads)),
                                        1.5 + 0.3 * len(names)))
        image = ax.imshow(grid, cmap=cmap, vmin=0.0, vmax=top, aspect="auto")
        for (name, col), e in cells.items():
            decision, row = e.get("vs_best"), names.index(name)
            if decision is None:
                text = "fastest" if e.get("eligible", True) else "x"
            else:
                mark = {"within_margin": "=", "cannot_tell": "?"}.get(decision["finding"], "")
                text = ("" if e.get("eligible", True) else "x") + \
                    f'{mark}{decision["ratio"]["estimate"]:.2f}'
            ax.text(col, row, text, ha="center", va="center", fontsize=7,
                    color="white" if grid[row][col] > top / 2 else "black")
        for row, name in enumerate(names):
            for col in range(len(threads)):
                if (name, col) not in cells:
                    ax.text(col, row, "not run", ha="center", va="center", fontsize=6)
        ax.set_xticks(range(len(threads)), [str(t) for t in threads])
        ax.set_yticks(range(len(names)), names, fontsize=7)
        ax.set_xlabel("threads")
        unranked = any(not e.get("eligible", True) for e in cells.values())
        ax.set_title(f"{workload}: time / fastest at each thread count\n('=' within margin, "
                     "'?' cannot tell, no mark: a real difference" +
                     (",\n'x' on grey: not eligible, never ranked)" if unranked else ")"),
                     fontsize=8)
        bar = fig.colorbar(image, ax=ax)
        bar.set_ticks([math.log2(r) for r in ratios], labels=[f"{r:g}x" for r in ratios])
        bar.ax.tick_params(labelsize=7)
        bar.set_label("time / fastest (log scale),\none scale for all heat maps", fontsize=7)
        same_kernel = sum(m[0] == kernel for m in maps) > 1
        stem = f"schedules-{kernel}" + (f"-{i + 1}" if same_kernel else "")
        save(fig, out, f"{stem}-heatmap.png", "schedules", [(ax, {**new_record("x"),
                                                                   "rows": names})],
             extra={"workload": workload, "color_scale": {
                 "cmap": image.get_cmap().name, "vmin": float(image.get_clim()[0]),
                 "vmax": float(image.get_clim()[1]), "quantity": "log2(time / fastest)",
                 "not_ranked": to_hex(NOT_RANKED)}})
