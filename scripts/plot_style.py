"""What every scalebench plot shares: a series' colour and marker, the thread axis, interval
bars, fitted curves, the legend, and the sidecar JSON that says what was drawn."""
import json
import math
import textwrap

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import MaxNLocator, NullLocator  # noqa: E402

# tab20's dark shades first, so up to nine series get nine hues, less its grey pair (14, 15): grey
# is the ideal line's. The marker cycle's length (7) is coprime to the 18 colours, so no
# (colour, marker) pair repeats below 126 series.
COLORS = [to_hex(plt.get_cmap("tab20")(i))
          for i in [*range(0, 20, 2), *range(1, 20, 2)] if i not in (14, 15)]
MARKERS = ["o", "s", "^", "D", "v", "P", "X"]
FITS = {"amdahl": ("Amdahl", "--", "dashed"), "usl": ("USL", ":", "dotted"),
        "gustafson": ("Gustafson", "-.", "dash-dot")}
FLAG_MEANING = {"one_process": "interval from one process",
                "contended": "others ran on its CPUs in every process"}
HEAT_CMAP = "magma_r"
NAN = float("nan")
# Set once per report from its analysis' gate: every plot of an invalid sweep says so on its face,
# since a PNG travels without the report that would.
VALIDITY = {"valid": True, "failed": []}


def set_validity(analysis):
    gate = analysis.get("validity") or {}
    failed = [c["name"] for c in gate.get("criteria", []) if not c.get("passed", True)]
    VALIDITY.update(valid=bool(gate.get("valid", True)), failed=failed)


def label_of(entry):
    # A distributed series of several threads a rank is its own curve (analysis names it "@Nt").
    per_rank = int(entry.get("threads_per_rank") or 0)
    suffix = f"@{per_rank}t" if per_rank > 1 else ""
    return f'{entry["backend"]}/{entry["variant"]}{suffix}'


def new_record(thread_axis):
    return {"thread_axis": thread_axis, "series": [], "fits": [], "ceilings": [], "clipped": [],
            "_bars": [], "_estimates": [], "_band_tops": []}


def per_rank(entry):
    """A series' (or CSV row's) threads a rank: 0 unless it ran as MPI ranks."""
    return int(entry.get("threads_per_rank") or 0)


def thread_axis(ax, threads, label="threads"):
    lo, hi = min(threads), max(threads)
    pad = max(0.3, 0.06 * (hi - lo))
    ax.set_xlim(lo - pad, hi + pad)
    if len(threads) <= 12:
        ax.set_xticks(sorted(threads))
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xlabel(label)


def dodge(threads, count):
    """Sideways offsets within 30% of the closest thread counts' gap, so that the series'
    intervals at one thread count do not hide each other."""
    ts = sorted(set(threads))
    spread = 0.3 * min([b - a for a, b in zip(ts, ts[1:])] + [1])
    return [spread * (i / (count - 1) - 0.5) if count > 1 else 0.0 for i in range(count)]


def draw_series(ax, rec, label, style, points, offset):
    """points: (threads, {estimate, low, high}, flagged). Markers alone: a line between thread
    counts would claim values nobody measured (the fitted models are the curves)."""
    color, marker = style["color"], style["marker"]
    xs, ys = [t + offset for t, _, _ in points], [iv["estimate"] for _, iv, _ in points]
    intervals = False
    for x, (t, iv, _) in zip(xs, points):
        lo, hi = iv.get("low"), iv.get("high")
        if lo is not None and hi is not None and hi > lo:
            intervals = True
            ax.errorbar([x], [iv["estimate"]], yerr=[[iv["estimate"] - lo], [hi - iv["estimate"]]],
                        fmt="none", ecolor=color, elinewidth=1, capsize=2.5, zorder=2)
            rec["_bars"].append((label, t, x, hi, color))
    for hollow in (False, True):
        chosen = [(x, y) for x, y, (_, _, f) in zip(xs, ys, points) if f == hollow]
        if chosen:
            ax.plot(*zip(*chosen), linestyle="none", marker=marker, markersize=6, color=color,
                    markerfacecolor="white" if hollow else color, zorder=3)
    rec["_estimates"] += ys
    rec["series"].append({"label": label, "color": color, "marker": marker,
                          "intervals": intervals, "threads": [t for t, _, _ in points],
                          "flagged_threads": [t for t, _, f in points if f]})
    return Line2D([], [], color=color, marker=marker, linestyle="none", label=label)


def clip_axis(ax, rec, at_least):
    """The y range follows the estimates, not the widest interval: one reaching past 1.4x the
    highest estimate is cut at the top, where a triangle carries its end."""
    data_top = max([at_least] + rec["_estimates"])
    top = min(max([data_top] + [b[3] for b in rec["_bars"]]), 1.4 * data_top) * 1.06 or 1.0
    ax.set_ylim(0, top)
    for label, t, x, hi, color in rec["_bars"]:
        if hi > top:
            ax.plot([x], [top], marker="^", color=color, markersize=6, clip_on=False, zorder=4)
            # Neighbours' values step down a line each, so that they never print over each other.
            below = sum(c["threads"] == t for c in rec["clipped"])
            ax.annotate(f"{hi:.3g}", (x, top), xytext=(4, -9 - 7 * below),
                        textcoords="offset points", fontsize=6, color=color)
            rec["clipped"].append({"series": label, "threads": t, "bound": "high",
                                   "value": hi, "axis_limit": top})


def fit_speedups(model, ps, params):
    """The model's own speedup T(1)/T(p) at each p (Gustafson's: scaled speedup), None where not
    finite and positive (s < 0 has a pole)."""
    out = []
    for p in ps:
        if model == "amdahl":
            numerator, denominator = 1.0, params + (1 - params) / p
        elif model == "usl":
            numerator, denominator = p, 1 + params[0] * (p - 1) + params[1] * p * (p - 1)
        else:
            numerator, denominator = params + (1 - params) * p, 1.0
        value = numerator / denominator if denominator > 0 else NAN
        out.append(value if math.isfinite(value) and value > 0 else None)
    return out


def fit_params(model, fit, end=None):
    """The fitted parameters, or an end ("low", "high") of their intervals (None without one)."""
    names = ["sigma", "kappa"] if model == "usl" else ["serial_fraction"]
    values = [fit[n] if end is None else ((fit.get("intervals") or {}).get(n) or {}).get(end)
              for n in names]
    if None in values:
        return None
    return tuple(values) if model == "usl" else values[0]


def draw_fits(ax, rec, series, color, bands):
    """Draws every fit from 3 or more thread counts; returns the notes a reader needs: the fits
    left out, and the serial fractions outside [0, 1]."""
    # A curve over MPI ranks is fitted in ranks (analysis: workers over threads a rank).
    unit = max(1, per_rank(series))
    threads = [r["threads"] // unit for r in series["scaling"]["by_threads"]]
    notes = []
    if min(threads) == max(threads):
        return notes
    # At the true thread counts, not the series' sideways offset: a model is a function of p.
    ps = [min(threads) + i * (max(threads) - min(threads)) / 80 for i in range(81)]
    for model, (name, linestyle, _) in FITS.items():
        fit = series["scaling"].get(model) or {}
        params = fit_params(model, fit) if fit.get("fitted") else None
        if params is None:
            continue
        # Two thread counts fix two parameters exactly: the curve would pass through the points
        # whatever the truth, and look like a confirmation.
        if fit.get("distinct_threads", 0) < 3:
            notes.append(("through", f"{name} from {fit.get('distinct_threads', 0)}"))
            continue
        ys = fit_speedups(model, ps, params)
        if sum(y is not None for y in ys) < 2:
            continue
        ax.plot(ps, [NAN if y is None else y for y in ys], linestyle, color=color, linewidth=1)
        ends = [fit_params(model, fit, end) for end in ("low", "high")] if bands else [None] * 2
        lo, hi = [[None] if e is None else fit_speedups(model, ps, e) for e in ends]
        # An interval end past a pole (s < 0) gets no band: half a band would read as a narrow one.
        band = None not in lo + hi
        if band:
            ax.fill_between(ps, lo, hi, color=color, alpha=0.08, linewidth=0)
            rec["_band_tops"].append(max(lo + hi))
        entry = {"series": label_of(series), "model": model, "band": band}
        if model != "usl" and not 0 <= params <= 1:
            entry["note"] = ("s > 1: contention, not a serial fraction" if params > 1
                             else "s < 0: superlinear")
            # "tbb/auto Amdahl s = 2.46 > 1: contention, ..."
            notes.append(("odd", f"{label_of(series)} {name} s = {params:.3g}{entry['note'][1:]}"))
        rec["fits"].append(entry)
    return notes


def fits_in_title(rec):
    drawn = [m for m in FITS if any(f["model"] == m for f in rec["fits"])]
    shaded = " (shaded: interval)" if any(f["band"] for f in rec["fits"]) else ""
    return "\n" + ", ".join(f"{FITS[m][0]} fit {FITS[m][2]}" for m in drawn) + shaded \
        if drawn else ""


def legend(fig, handles, recs, flags_seen):
    """Series, then what the line styles, hollow markers and triangles of these axes mean."""
    for model, (name, linestyle, _) in FITS.items():
        if any(f["model"] == model for rec in recs for f in rec["fits"]):
            handles.append(Line2D([], [], color="black", linestyle=linestyle, linewidth=1,
                                  label=f"{name} fit (series colour)"))
    if flags_seen:
        meaning = "; ".join(f"{f}: {FLAG_MEANING.get(f, f)}" for f in sorted(flags_seen))
        handles.append(Line2D([], [], linestyle="none", marker="o", color="grey",
                              markerfacecolor="white",
                              label="hollow: flagged\n" + textwrap.fill(meaning, 40)))
    if any(rec["clipped"] for rec in recs):
        handles.append(Line2D([], [], linestyle="none", marker="^", color="grey",
                              label="interval cut at the axis top\n(its end written beside)"))
    fig.legend(handles=handles, loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=7,
               ncol=1 if len(handles) <= 24 else 2, frameon=False)


def save(fig, out, name, kind, pairs, caption="", extra=None):
    """Writes the PNG and its sidecar, read back from the axes as matplotlib drew them."""
    fig.tight_layout()
    if not VALIDITY["valid"]:  # above everything the axes drew, titles included
        fig.canvas.draw()
        top = max(a.get_tightbbox().y1 for a in fig.axes) / fig.bbox.height
        fig.text(0.01, top + 0.01, "NOT VALID EVIDENCE (failed: " +
                 ", ".join(VALIDITY["failed"] or ["see report"]) + ")", color="red",
                 fontsize=10, fontweight="bold", va="bottom")
    if caption:  # just under what the axes drew (tick labels included)
        fig.canvas.draw()
        bottom = min(a.get_tightbbox().y0 for a in fig.axes) / fig.bbox.height
        fig.text(0.01, bottom - 0.01, textwrap.fill(caption, int(fig.get_figwidth() * 17)),
                 fontsize=7, va="top")
    if extra and "legend" in extra:
        legend(fig, *extra.pop("legend"))
    fig.savefig(out / name, dpi=110, bbox_inches="tight")
    axes = []
    for ax, rec in pairs:
        lo, hi = sorted(ax.get_xlim())
        ticks = [float(t) for t in ax.get_xticks() if lo - 1e-9 <= t <= hi + 1e-9]
        axes.append({"title": ax.get_title(), "xlabel": ax.get_xlabel(),
                     "ylabel": ax.get_ylabel(), "xscale": ax.get_xscale(),
                     "yscale": ax.get_yscale(), "xlim": [float(v) for v in ax.get_xlim()],
                     "ylim": [float(v) for v in ax.get_ylim()],
                     "xticks": [int(t) if t.is_integer() else t for t in ticks],
                     "xticklabels": [t.get_text() for t in ax.get_xticklabels()],
                     **{k: v for k, v in rec.items() if not k.startswith("_")}})
    doc = {"file": name, "kind": kind, "axes": axes, "caption": caption,
           "validity": dict(VALIDITY), **(extra or {})}
    (out / name).with_suffix(".json").write_text(json.dumps(doc, indent=1) + "\n")
    plt.close(fig)
