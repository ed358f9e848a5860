#!/usr/bin/env python3
"""Score a wiretrace pairs.csv against the rewrite fixtures' labels (issue 13).

    wiretrace scan tests/fixtures/rewrites/articles.jsonl --out DIR
    python3 scripts/score_rewrites.py tests/fixtures/rewrites/labels.csv DIR/pairs.csv

Labels (labels.csv: id_a,id_b,label,lang): `whole` and `partial` are derived pairs (should be
reported); `independent`, `chrome` and every unlisted pair (`unrelated`) should not be. Prints,
per label: pairs, reported, recall (share reported); then precision = reported derived pairs /
all reported pairs, and the same per language. When pairs.csv has a `kind` column
(duplicate/passages/rewrite) it also prints, per label, how the reported pairs were classed, and
precision per kind. Reported pairs with no label are listed as unrelated false positives.
Pure standard library; exit status 0 unless the inputs cannot be read.
"""
import csv
import sys
from collections import Counter, defaultdict

DERIVED = ("whole", "partial")
ORDER = ("whole", "partial", "independent", "chrome", "unrelated")


def key(a, b):
    return (a, b) if a.encode() <= b.encode() else (b, a)


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: score_rewrites.py LABELS.csv PAIRS.csv")
    labels, lang = {}, {}
    with open(argv[1], newline="", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            k = key(r["id_a"], r["id_b"])
            labels[k] = r["label"]
            lang[k] = r.get("lang", "")
    reported = {}
    with open(argv[2], newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        has_kind = "kind" in (reader.fieldnames or [])
        for r in reader:
            reported[key(r["id_a"], r["id_b"])] = r.get("kind", "") if has_kind else ""

    def label_of(p):
        return labels.get(p, "unrelated")

    print(f"{'label':12} {'pairs':>5} {'reported':>8} {'recall':>7}"
          + ("   reported as (kind)" if has_kind else ""))
    for lab in ORDER:
        pairs = [p for p, l in labels.items() if l == lab]
        rep = [p for p in reported if label_of(p) == lab]
        n = len(pairs)
        rec = f"{len(rep) / n:.3f}" if n else "-"
        kinds = ""
        if has_kind and rep:
            kinds = "   " + ", ".join(f"{k or '?'} {c}"
                                      for k, c in sorted(Counter(reported[p] for p in rep).items()))
        print(f"{lab:12} {n if lab != 'unrelated' else '-':>5} {len(rep):>8} {rec:>7}{kinds}")
    derived = [p for p, l in labels.items() if l in DERIVED]
    hit = [p for p in derived if p in reported]
    good = sum(1 for p in reported if label_of(p) in DERIVED)
    prec = f"{good / len(reported):.3f}" if reported else "-"
    rec = f"{len(hit) / len(derived):.3f}" if derived else "-"
    print(f"\nderived (whole+partial): {len(hit)}/{len(derived)} reported, recall {rec}; "
          f"precision {prec} ({good} of {len(reported)} reported pairs are derived)")

    by_lang = defaultdict(lambda: [0, 0, 0, 0])  # derived, derived hit, reported, reported good
    for p, l in labels.items():
        if l in DERIVED:
            by_lang[lang[p]][0] += 1
            by_lang[lang[p]][1] += p in reported
    for p in reported:
        lg = lang.get(p, "?")
        by_lang[lg][2] += 1
        by_lang[lg][3] += label_of(p) in DERIVED
    print("\nper language: derived recall, precision")
    for lg, (d, dh, r, rg) in sorted(by_lang.items()):
        print(f"  {lg:3} recall {dh}/{d}" + (f" ({dh / d:.2f})" if d else "")
              + f", precision {rg}/{r}" + (f" ({rg / r:.2f})" if r else ""))

    if has_kind:
        print("\nper reported kind: reported, derived among them (precision)")
        for k, c in sorted(Counter(reported.values()).items()):
            g = sum(1 for p, kk in reported.items() if kk == k and label_of(p) in DERIVED)
            print(f"  {k or '?':10} {c:4} {g:4} ({g / c:.3f})")

    wrong = sorted(p for p in reported if label_of(p) not in DERIVED)
    if wrong:
        print("\nreported but not derived:")
        for p in wrong:
            print(f"  {label_of(p):11} {p[0]} {p[1]}" + (f" [{reported[p]}]" if has_kind else ""))
    missed = sorted(p for p in derived if p not in reported)
    if missed:
        print("\nderived but not reported:")
        for p in missed:
            print(f"  {labels[p]:11} {p[0]} {p[1]}")


if __name__ == "__main__":
    main(sys.argv)
